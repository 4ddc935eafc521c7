//===- CheckContext.h - What every check works with -------------*- C++ -*-===//
#ifndef TELEGEN_CHECK_CHECKCONTEXT_H
#define TELEGEN_CHECK_CHECKCONTEXT_H

#include "Schema/Loader.h"
#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>
#include <vector>

namespace telegen {

struct CheckContext {
  const schema::Model &M;
  const llvm::StringSet<> &Broken;
  /// The schema being checked, for findings about it as a whole.
  llvm::StringRef RootFile;
  DiagnosticList &Diags;

  /// Reports a reference to an undeclared Kind ("label", "metric", ...),
  /// suggesting the closest of Candidates, unless the declaration exists but
  /// did not parse (BrokenKey, reported then). Message says what refers.
  void reportUndefined(const schema::Ref &R, const llvm::Twine &Message,
                       llvm::ArrayRef<llvm::StringRef> Candidates,
                       llvm::StringRef BrokenKey) const;
};

/// The names of a list of declarations, for did-you-mean suggestions.
template <typename T>
std::vector<llvm::StringRef> namesOf(const std::vector<T> &List) {
  std::vector<llvm::StringRef> Names;
  for (const T &Item : List)
    Names.push_back(Item.Name);
  return Names;
}

void checkNaming(const CheckContext &C);
void checkReferences(const CheckContext &C);
void checkFields(const CheckContext &C);
void checkCardinality(const CheckContext &C);
void checkSensitive(const CheckContext &C);
void checkEventUpdates(const CheckContext &C);
void checkRules(const CheckContext &C);
void checkSlos(const CheckContext &C);
void checkAlerts(const CheckContext &C);
void checkCppIdentifiers(const CheckContext &C);
void checkGaugeModes(const CheckContext &C);

} // namespace telegen

#endif
