//===- SourceFiles.cpp - The text of the files findings point into --------===//
#include "Support/SourceFiles.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace telegen {

unsigned SourceFiles::add(std::unique_ptr<MemoryBuffer> Buffer) {
  std::string Name = Buffer->getBufferIdentifier().str();
  unsigned Id = SM.AddNewSourceBuffer(std::move(Buffer), SMLoc());
  if (IdByName.try_emplace(Name, Id).second)
    Names.push_back(std::move(Name));
  return Id;
}

Location SourceFiles::locate(SMLoc Loc) const {
  return locate(SMRange(Loc, Loc));
}

Location SourceFiles::locate(SMRange Range) const {
  Location Result;
  if (!Range.Start.isValid())
    return Result;
  unsigned Id = SM.FindBufferContainingLoc(Range.Start);
  if (Id == 0)
    return Result;
  const MemoryBuffer *Buffer = SM.getMemoryBuffer(Id);
  Result.File = Buffer->getBufferIdentifier().str();
  std::tie(Result.Line, Result.Column) = SM.getLineAndColumn(Range.Start, Id);
  // Highlight up to the end of the range or of the line, whichever is first.
  const char *Start = Range.Start.getPointer();
  const char *End = Range.End.isValid() ? Range.End.getPointer() : Start;
  const char *BufferEnd = Buffer->getBufferEnd();
  if (End > BufferEnd)
    End = BufferEnd;
  const char *LineEnd = Start;
  while (LineEnd < End && *LineEnd != '\n' && *LineEnd != '\r')
    ++LineEnd;
  if (LineEnd > Start)
    Result.EndColumn = Result.Column + (LineEnd - Start);
  return Result;
}

void SourceFiles::addLine(StringRef File, unsigned Line, StringRef Text) {
  if (!is_contained(Names, File))
    Names.push_back(File.str());
  Lines.emplace(std::make_pair(File.str(), Line), Text.str());
}

std::optional<StringRef> SourceFiles::line(StringRef File,
                                           unsigned Line) const {
  auto Kept = Lines.find(std::make_pair(File.str(), Line));
  if (Kept != Lines.end())
    return StringRef(Kept->second);
  auto It = IdByName.find(File);
  if (It == IdByName.end() || Line == 0)
    return std::nullopt;
  const MemoryBuffer *Buffer = SM.getMemoryBuffer(It->second);
  SMLoc Start = SM.FindLocForLineAndColumn(It->second, Line, 1);
  if (!Start.isValid())
    return std::nullopt;
  StringRef Rest(Start.getPointer(),
                 Buffer->getBufferEnd() - Start.getPointer());
  return Rest.take_until([](char C) { return C == '\n' || C == '\r'; });
}

} // namespace telegen
