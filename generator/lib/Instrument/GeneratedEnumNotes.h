//===- GeneratedEnumNotes.h - The values a generated enum takes -*- C++ -*-===//
//
// A label value or an event field value the schema does not declare, written
// in C++ as `status_class::_6xx`, is an error the compiler words as "no member
// named '_6xx' in 'status_class'", at best with the closest value. When the
// enum is one telegen generated, a note follows the error listing every
// value the schema gives it and naming the schema, so the user sees at once
// what is allowed and where to add a value.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_GENERATEDENUMNOTES_H
#define TELEGEN_INSTRUMENT_GENERATEDENUMNOTES_H

#include "clang/Basic/Diagnostic.h"

#include <memory>

namespace telegen {

/// Passes every diagnostic on to the consumer it replaces, and adds the note
/// after an unknown member of a generated enum.
class GeneratedEnumNotes : public clang::DiagnosticConsumer {
public:
  /// Takes Engine's consumer (and its ownership, if Engine had it).
  explicit GeneratedEnumNotes(clang::DiagnosticsEngine &Engine);

  void BeginSourceFile(const clang::LangOptions &LangOpts,
                       const clang::Preprocessor *PP) override;
  void EndSourceFile() override;
  void finish() override;
  void clear() override;
  bool IncludeInDiagnosticCounts() const override;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

private:
  clang::DiagnosticConsumer *Target;
  std::unique_ptr<clang::DiagnosticConsumer> Owned;
};

} // namespace telegen

#endif
