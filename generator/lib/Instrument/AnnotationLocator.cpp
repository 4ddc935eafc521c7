//===- AnnotationLocator.cpp - Source positions inside annotations --------===//
#include "Instrument/AnnotationLocator.h"
#include "Instrument/SpanAnnotation.h"

#include "clang/Lex/Lexer.h"

using namespace clang;

namespace telegen {

AnnotationLocator::AnnotationLocator(const AnnotateAttr &Attr,
                                     llvm::StringRef Text,
                                     const SourceManager &SM,
                                     const LangOptions &LangOpts)
    : TextOffsets(annotationTokenOffsets(Text)) {
  SourceLocation AttrLoc = Attr.getLocation();
  UseLoc = SM.getExpansionLoc(AttrLoc);
  if (!AttrLoc.isMacroID())
    return;
  // The macro whose expansion produced the attribute; its arguments are in a
  // file only when TELEGEN_SPAN was written there directly.
  CharSourceRange Invocation = SM.getImmediateExpansionRange(AttrLoc);
  SourceLocation Begin = Invocation.getBegin();
  if (Begin.isMacroID())
    return;
  UseLoc = Begin;
  SourceLocation End = Invocation.getEnd();
  if (End.isMacroID())
    return;

  // Lex the invocation `TELEGEN_SPAN ( args )` and keep the argument tokens.
  std::pair<FileID, unsigned> BeginInfo = SM.getDecomposedLoc(Begin);
  std::pair<FileID, unsigned> EndInfo = SM.getDecomposedLoc(End);
  if (BeginInfo.first != EndInfo.first)
    return;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(BeginInfo.first, &Invalid);
  if (Invalid)
    return;
  Lexer Lex(SM.getLocForStartOfFile(BeginInfo.first), LangOpts,
            Buffer.begin(), Buffer.data() + BeginInfo.second, Buffer.end());
  Token Tok;
  int Depth = 0;
  std::vector<SourceLocation> Tokens;
  while (!Lex.LexFromRawLexer(Tok) || Tok.isNot(tok::eof)) {
    if (Tok.is(tok::eof))
      break;
    unsigned Offset = SM.getFileOffset(Tok.getLocation());
    if (Offset > EndInfo.second)
      break;
    if (Tok.is(tok::l_paren) && Depth++ == 0)
      continue;
    if (Tok.is(tok::r_paren) && --Depth == 0)
      break;
    if (Depth > 0)
      Tokens.push_back(Tok.getLocation());
  }
  if (Tokens.size() == TextOffsets.size())
    SourceTokens = std::move(Tokens);
}

SourceLocation AnnotationLocator::locate(unsigned Offset) const {
  if (SourceTokens.empty())
    return UseLoc;
  for (size_t I = 0; I < TextOffsets.size(); ++I)
    if (TextOffsets[I] == Offset)
      return SourceTokens[I];
  return UseLoc;
}

} // namespace telegen
