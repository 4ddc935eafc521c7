// Records spans faster than they can leave: started from the environment,
// it ends argv[1] spans of one site as fast as one thread can, and returns:
// exit() shuts telegen down, after the thread's own queues are gone. With
// an OTLP receiver that never answers, the span thread waits on its first
// request and the thread's span queue fills.
#include "telegen/span.hpp"

#include <cstdlib>

namespace {

constexpr telegen::detail::SpanSite site{"drops.record", telegen::SpanKind::internal, "record",
                                         "drop_app.cpp", 16};

} // namespace

int main(int argc, char** argv) {
  const long spans = argc > 1 ? std::atol(argv[1]) : 100000;
  for (long i = 0; i < spans; ++i) {
    telegen::SpanGuard span(site);
  }
  return 0;
}
