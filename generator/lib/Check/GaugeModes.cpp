//===- GaugeModes.cpp - Gauges shown per process --------------------------===//
//
// In multi-process mode a gauge whose multiprocess_mode is all or liveall
// shows one series per process, labelled 'pid' by the runtime: a label of
// the gauge's own named 'pid' would collide with it.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {

void checkGaugeModes(const CheckContext &C) {
  for (const Metric &M : C.M.Metrics) {
    if (M.Type != MetricType::Gauge || !labelsPid(M.MultiprocessMode))
      continue;
    for (const Ref &L : M.Labels)
      if (L.Name == "pid")
        C.Diags.report(checks::MultiprocessMode, L.Loc,
                       formatv("gauge '{0}' has multiprocess_mode {1}, which "
                               "labels each process's series with 'pid'; "
                               "rename its 'pid' label, or choose sum, "
                               "livesum, max or min",
                               M.Name, name(M.MultiprocessMode)));
  }
}

} // namespace telegen
