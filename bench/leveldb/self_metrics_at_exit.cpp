// Linked into the instrumented db_bench by leveldb_bench.py: at exit, after
// telegen's own shutdown, writes telegen's self-metrics (spans exported,
// dropped, sampled out at sites, ...) to the file TELEGEN_BENCH_METRICS
// names, so the benchmark knows how many spans each run exported.
#include "telegen/exposition.hpp"

#include <cstdlib>
#include <fstream>

namespace {

void write_self_metrics() {
  if (const char* path = std::getenv("TELEGEN_BENCH_METRICS"))
    std::ofstream(path) << telegen::metrics_text();
}

// Registered during static initialization, before telegen registers its
// shutdown on the first span: exit() runs this after it.
const int registered = std::atexit(write_self_metrics);

} // namespace
