//===- BoundaryUsage.h - Schema boundaries no source calls ------*- C++ -*-===//
//
// A propagation boundary the schema declares does nothing when no
// instrumented source calls it: usually a misspelt name, or callers left out
// of the build step. One translation unit cannot tell, since another may
// call it. So `telegen instrument --model FILE` records the calls each one
// wrapped, and `telegen check-boundaries` reads the models of all the
// sources of a target after they are instrumented, and reports here.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_BOUNDARYUSAGE_H
#define TELEGEN_INSTRUMENT_BOUNDARYUSAGE_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace telegen {

/// "propagation.unused-boundary": a schema boundary no source calls.
extern const CheckInfo UnusedBoundary;

/// The functions whose callable arguments Model (from parseModel()) wrapped
/// as executor boundaries, spelled as the schema or the annotated
/// declaration names them. ModelName names the file in errors.
llvm::Expected<std::vector<std::string>>
wrappedExecutors(const llvm::json::Object &Model, llvm::StringRef ModelName);

/// Reports each boundary of Schema whose function is not in Wrapped, the
/// executors wrapped across the models of Sources sources.
void checkBoundaryUsage(const schema::Model &Schema,
                        const llvm::StringSet<> &Wrapped, size_t Sources,
                        DiagnosticList &Diags);

} // namespace telegen

#endif
