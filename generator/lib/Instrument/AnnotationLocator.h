//===- AnnotationLocator.h - Source positions inside annotations -*- C++ -*-===//
//
// TELEGEN_SPAN stringizes its arguments, so the annotation Clang hands us has
// lost their positions. When the macro is written directly in a file, the
// k-th token of the stringized text is the k-th token of the macro's
// arguments in the source, which gives the exact column for a diagnostic.
// When TELEGEN_SPAN is itself produced by another macro, diagnostics point
// at that macro's use.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_ANNOTATIONLOCATOR_H
#define TELEGEN_INSTRUMENT_ANNOTATIONLOCATOR_H

#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"

#include <vector>

namespace telegen {

class AnnotationLocator {
public:
  AnnotationLocator(const clang::AnnotateAttr &Attr, llvm::StringRef Text,
                    const clang::SourceManager &SM,
                    const clang::LangOptions &LangOpts);

  /// The source location of the token at Offset in the annotation text.
  clang::SourceLocation locate(unsigned Offset) const;
  /// Where the annotation is used: the macro's name.
  clang::SourceLocation annotationLoc() const { return UseLoc; }

private:
  clang::SourceLocation UseLoc;
  std::vector<unsigned> TextOffsets;
  std::vector<clang::SourceLocation> SourceTokens;
};

} // namespace telegen

#endif
