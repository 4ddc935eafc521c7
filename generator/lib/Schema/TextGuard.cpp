//===- TextGuard.cpp - What a schema file must be before YAML parsing -----===//
#include "Schema/TextGuard.h"

#include "Check/Catalog.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"

#include <vector>

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

/// The first byte that is not UTF-8 text YAML accepts, or nullptr.
const char *findBadByte(StringRef Text, std::string &Why) {
  const auto *P = reinterpret_cast<const UTF8 *>(Text.begin());
  const auto *End = reinterpret_cast<const UTF8 *>(Text.end());
  while (P < End) {
    UTF8 C = *P;
    if (C < 0x80) {
      if ((C < 0x20 && C != '\t' && C != '\n' && C != '\r') || C == 0x7F) {
        Why = formatv("control character 0x{0:x-2} is not allowed in YAML; "
                      "remove it",
                      unsigned(C))
                  .str();
        return reinterpret_cast<const char *>(P);
      }
      ++P;
      continue;
    }
    unsigned Length = getNumBytesForUTF8(C);
    if (End - P < Length || !isLegalUTF8Sequence(P, P + Length)) {
      Why = formatv("invalid UTF-8 byte 0x{0:x-2}; schema files are UTF-8 "
                    "text",
                    unsigned(C))
                .str();
      return reinterpret_cast<const char *>(P);
    }
    P += Length;
  }
  return nullptr;
}

/// Estimates how deeply YAML nests, line by line, and returns where it first
/// exceeds MaxNestingDepth, or nullptr. A line's depth is the number of
/// enclosing block indentations, plus the compact "- " entries that open
/// it, plus open flow brackets. Quoted text, comments and block scalars do
/// not count. The estimate may overcount odd layouts, never by a level per
/// byte, so any real schema passes and a bracket bomb does not.
class NestingScanner {
public:
  const char *scan(StringRef Text) {
    while (!Text.empty()) {
      auto [Line, Rest] = Text.split('\n');
      if (const char *Deep = scanLine(Line))
        return Deep;
      Text = Rest;
    }
    return nullptr;
  }

private:
  std::vector<size_t> Indents;
  unsigned FlowDepth = 0;
  char Quote = 0; // the open quote a line continues, or 0
  bool InBlockScalar = false;
  size_t BlockScalarIndent = 0;

  const char *scanLine(StringRef Line) {
    size_t Indent = Line.find_first_not_of(' ');
    if (Indent == StringRef::npos)
      return nullptr; // blank
    StringRef Content = Line.drop_front(Indent).rtrim("\r\t ");
    if (InBlockScalar) {
      if (Indent > BlockScalarIndent)
        return nullptr;
      InBlockScalar = false;
    }
    if (Quote == 0 && FlowDepth == 0) {
      if (Content.starts_with("#"))
        return nullptr;
      while (!Indents.empty() && Indents.back() >= Indent)
        Indents.pop_back();
      Indents.push_back(Indent);
    }
    unsigned Depth = Indents.size();
    if (Depth > MaxNestingDepth)
      return Content.data();
    size_t I = 0;
    if (Quote == 0 && FlowDepth == 0) {
      // Compact nested entries: "- - - value".
      while (I + 1 < Content.size() &&
             (Content[I] == '-' || Content[I] == '?') &&
             Content[I + 1] == ' ') {
        ++Depth;
        I = Content.find_first_not_of(' ', I + 1);
        if (I == StringRef::npos)
          I = Content.size();
        if (Depth + FlowDepth > MaxNestingDepth)
          return Content.data() + I;
      }
    }
    char Last = 0;
    for (; I < Content.size(); ++I) {
      char C = Content[I];
      if (Quote) {
        if (C == '\\' && Quote == '"')
          ++I;
        else if (C == Quote)
          Quote = 0;
        continue;
      }
      if (C == '#' && (I == 0 || Last == ' '))
        break; // comment
      if (C == '"' || C == '\'') {
        if (I == 0 || Last == ' ' || Last == '[' || Last == '{' ||
            Last == ',' || Last == ':')
          Quote = C;
      } else if (C == '[' || C == '{') {
        if (Depth + ++FlowDepth > MaxNestingDepth)
          return Content.data() + I;
      } else if ((C == ']' || C == '}') && FlowDepth) {
        --FlowDepth;
      }
      Last = C;
    }
    // "key: |" or "- >-" starts a block scalar: its lines are text.
    StringRef Code = Content.substr(0, I).rtrim();
    StringRef Header = Code.rtrim("+-0123456789");
    if (Quote == 0 && FlowDepth == 0 &&
        (Header.ends_with(" |") || Header.ends_with(" >") || Header == "|" ||
         Header == ">")) {
      InBlockScalar = true;
      BlockScalarIndent = Indent;
    }
    return nullptr;
  }
};

} // namespace

bool guardSchemaText(SourceFiles &Files, unsigned BufferId,
                     DiagnosticList &Diags) {
  const MemoryBuffer *Buffer = Files.sourceMgr().getMemoryBuffer(BufferId);
  StringRef Text = Buffer->getBuffer();
  if (Text.size() > MaxSchemaBytes) {
    Location Whole;
    Whole.File = Buffer->getBufferIdentifier().str();
    Diags.report(checks::YamlTooLarge, Whole,
                 formatv("file is {0} MiB; schema files are at most {1} MiB, "
                         "split it with imports",
                         Text.size() >> 20, MaxSchemaBytes >> 20));
    return false;
  }
  std::string Why;
  if (const char *Bad = findBadByte(Text, Why)) {
    if (Text.contains('\0'))
      Why = "this looks like a binary file (it has NUL bytes), not a YAML "
            "schema";
    Diags.report(checks::YamlEncoding, Files.locate(SMLoc::getFromPointer(Bad)),
                 Why);
    return false;
  }
  if (const char *Deep = NestingScanner().scan(Text)) {
    Diags.report(checks::YamlTooDeep, Files.locate(SMLoc::getFromPointer(Deep)),
                 formatv("YAML nests more than {0} levels deep here; a schema "
                         "needs fewer than 10",
                         MaxNestingDepth));
    return false;
  }
  return true;
}

} // namespace schema
} // namespace telegen
