//===- BoundaryUsage.cpp - Schema boundaries no source calls --------------===//
#include "Instrument/BoundaryUsage.h"
#include "Instrument/InstrumentModel.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace telegen {

const CheckInfo UnusedBoundary = {
    "propagation.unused-boundary", Severity::Warning,
    "Every propagation boundary is called by some instrumented source."};

Expected<std::vector<std::string>> wrappedExecutors(const json::Object &Model,
                                                    StringRef ModelName) {
  const json::Array *Boundaries = Model.getArray("boundaries");
  if (!Boundaries)
    return notAModel(ModelName, "it has no \"boundaries\" list");
  std::vector<std::string> Executors;
  for (const json::Value &Entry : *Boundaries) {
    const json::Object *Boundary = Entry.getAsObject();
    std::optional<StringRef> Kind =
        Boundary ? Boundary->getString("kind") : std::nullopt;
    std::optional<StringRef> Callee =
        Boundary ? Boundary->getString("callee") : std::nullopt;
    if (!Kind || !Callee)
      return notAModel(ModelName, "a boundary has no \"kind\" or \"callee\"");
    if (*Kind == boundaryKindName(BoundaryKind::Executor))
      Executors.push_back(Callee->str());
  }
  return Executors;
}

void checkBoundaryUsage(const schema::Model &Schema, const StringSet<> &Wrapped,
                        size_t Sources, DiagnosticList &Diags) {
  for (const schema::PropagationBoundary &B : Schema.Propagation) {
    if (Wrapped.contains(B.Function))
      continue;
    Diags
        .report(UnusedBoundary, B.Loc,
                formatv("propagation boundary '{0}' is called in none of the "
                        "{1} instrumented source{2}: it wraps nothing",
                        B.Function, Sources, Sources == 1 ? "" : "s"))
        .note(Location(), "check the qualified name (namespaces and class "
                          "included), and that the sources calling it are "
                          "instrumented with this schema");
  }
}

} // namespace telegen
