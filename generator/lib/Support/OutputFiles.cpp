//===- OutputFiles.cpp - Writing generated files --------------------------===//
#include "Support/OutputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {

Expected<bool> writeIfChanged(StringRef Path, StringRef Content) {
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Existing =
          MemoryBuffer::getFile(Path, /*IsText=*/false,
                                /*RequiresNullTerminator=*/false))
    if ((*Existing)->getBuffer() == Content)
      return false;
  StringRef Parent = sys::path::parent_path(Path);
  if (!Parent.empty())
    if (std::error_code EC = sys::fs::create_directories(Parent))
      return createFileError(Parent, EC);
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        OS << Content;
        return Error::success();
      }))
    return createFileError(Path, std::move(E));
  return true;
}

void removeStaleOutput(StringRef Path) {
  if (!Path.empty())
    sys::fs::remove(Path);
}

std::string depfileRule(ArrayRef<std::string> Targets,
                        ArrayRef<std::string> Inputs) {
  auto Escape = [](StringRef Name) {
    std::string Out;
    for (char C : Name) {
      if (C == ' ' || C == '#' || C == '\\')
        Out += '\\';
      else if (C == '$')
        Out += '$';
      Out += C;
    }
    return Out;
  };
  std::string Rule;
  for (const std::string &Target : Targets)
    Rule += (Rule.empty() ? "" : " ") + Escape(Target);
  Rule += ":";
  for (const std::string &Input : Inputs)
    Rule += " \\\n  " + Escape(Input);
  return Rule + "\n";
}

} // namespace telegen
