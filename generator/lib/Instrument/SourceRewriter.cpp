//===- SourceRewriter.cpp - Write the instrumented copy of a file ---------===//
#include "Instrument/SourceRewriter.h"
#include "Instrument/SpanCodeEmitter.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace llvm;

namespace telegen {
namespace {

constexpr StringLiteral ByteOrderMark = "\xEF\xBB\xBF";

/// One change at an offset of the original text.
struct Edit {
  unsigned Offset = 0;
  unsigned Remove = 0;
  std::string Insert;
  /// Order among edits at the same offset (lower first): the close of a
  /// suspension point (inner ones first), a returned value's or a wrapped
  /// call's closing parenthesis, include paths, the prologue, a return's or
  /// a wrapped call's prefix, a suspension point's opening (outer ones
  /// first), then the exception handlers (an empty body has them all at one
  /// offset).
  int Priority = 0;
};

/// 1-based line and column of Offset in Source.
std::pair<unsigned, unsigned> lineAndColumn(StringRef Source, unsigned Offset) {
  StringRef Before = Source.take_front(Offset);
  unsigned Line = 1 + Before.count('\n');
  size_t LineStart = Before.rfind('\n');
  unsigned Column =
      LineStart == StringRef::npos ? Offset + 1 : Offset - LineStart;
  return {Line, Column};
}

} // namespace

std::string rewriteFile(const FileEdits &File) {
  StringRef Source = File.Text;
  const std::string FileLiteral = cppStringLiteral(File.Path);
  auto LineDirective = [&](unsigned Line) {
    return "\n#line " + std::to_string(Line) + " " + FileLiteral + "\n";
  };
  // A #line directive that makes the next line Offset's line, followed by
  // spaces that put the next character at Offset's column.
  auto Resume = [&](unsigned Offset) {
    auto [Line, Column] = lineAndColumn(Source, Offset);
    return LineDirective(Line) + std::string(Column - 1, ' ');
  };

  std::vector<Edit> Edits;
  for (const IncludeRewrite &Include : File.Includes)
    Edits.push_back({Include.Begin, Include.End - Include.Begin,
                     cppStringLiteral(Include.Path), 0});

  for (const InstrumentedFunction *Function : File.Functions) {
    const InstrumentedFunction &F = *Function;
    // After the body's '{': the prologue, mapped to the brace's line, then
    // the original text from where it was.
    unsigned AfterBrace = F.BodyBegin + 1;
    std::string Prologue =
        LineDirective(lineAndColumn(Source, F.BodyBegin).first) +
        emitSpanPrologue(F, File.Path);
    if (F.RecordExceptions)
      Prologue += emitExceptionTryOpen();
    // When the brace ends its line, the original text resumes on the next.
    unsigned ResumeAt = AfterBrace;
    while (ResumeAt < Source.size() &&
           (Source[ResumeAt] == ' ' || Source[ResumeAt] == '\t'))
      ++ResumeAt;
    if (ResumeAt < Source.size() && Source[ResumeAt] == '\n')
      ++ResumeAt;
    else
      ResumeAt = AfterBrace;
    Prologue += Resume(ResumeAt);
    Edits.push_back({AfterBrace, ResumeAt - AfterBrace, std::move(Prologue), 1});

    for (const ReturnSite &R : F.Returns) {
      Edits.push_back({R.ValueBegin, 0, emitReturnPrefix(F, R), 2});
      Edits.push_back({R.ValueEnd, 0, emitReturnSuffix(R), -1});
    }
    // Outermost first where they begin together; innermost first where they
    // end together (`co_await co_await x`), and inside a returned value.
    for (const SuspensionSite &S : F.Suspensions) {
      Edits.push_back({S.KeywordBegin, 0, emitSuspensionOpen(), 3});
      Edits.push_back({S.OperandBegin, 0, emitSuspensionOperandPrefix(), 3});
      Edits.push_back({S.End, 0, emitSuspensionClose(S),
                       -2 - static_cast<int>(S.Depth)});
    }
    if (F.RecordExceptions)
      Edits.push_back({F.BodyEnd, 0, emitExceptionHandlers(), 4});
  }

  for (const WrappedCall *Call : File.Calls) {
    const WrappedCall &C = *Call;
    if (C.Replace) {
      Edits.push_back({C.Begin, C.End - C.Begin, C.Prefix, 2});
      continue;
    }
    Edits.push_back({C.Begin, 0, C.Prefix, 2});
    Edits.push_back({C.End, 0, C.Suffix, -1});
  }

  llvm::stable_sort(Edits, [](const Edit &A, const Edit &B) {
    return std::tie(A.Offset, A.Priority) < std::tie(B.Offset, B.Priority);
  });

  std::string Out;
  Out.reserve(Source.size() + Edits.size() * 128);
  // Compilers accept a UTF-8 byte-order mark only as a file's first bytes.
  unsigned Pos = 0;
  if (Source.starts_with(ByteOrderMark)) {
    Out += ByteOrderMark;
    Pos = ByteOrderMark.size();
  }
  // Asio's call sites need telegen's Asio integration (the handler's
  // associations); instrument.hpp includes it when asked to.
  for (StringRef Library : {"asio", "boost::asio"})
    if (llvm::any_of(File.Calls, [&](const WrappedCall *C) {
          return StringRef(C->Callee).starts_with((Library + "::").str());
        }))
      Out += "#define " + asioIntegrationMacro(Library).str() + " 1\n";
  if (!File.Functions.empty() || !File.Calls.empty())
    Out += "#include <" + InstrumentRuntimeHeader.str() + ">\n";
  if (File.SystemHeader)
    Out += "#pragma GCC system_header\n";
  Out += "#line 1 " + FileLiteral + "\n";
  for (const Edit &E : Edits) {
    Out.append(Source.data() + Pos, E.Offset - Pos);
    Out += E.Insert;
    Pos = E.Offset + E.Remove;
  }
  Out.append(Source.data() + Pos, Source.size() - Pos);
  return Out;
}

} // namespace telegen
