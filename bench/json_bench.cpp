// JSON string encoding: the per-field cost of every log line and OTLP
// payload the background threads write.
#include "core/json_writer.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

void BM_JsonString_Ascii(benchmark::State& state) {
  const std::string text = "circuit breaker for payments opened after 5 failures";
  std::string out;
  for (auto _ : state) {
    out.clear();
    telegen::detail::append_json_string(out, text);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonString_Ascii);

void BM_JsonString_Escapes(benchmark::State& state) {
  const std::string text = "line 1\n\"quoted\"\tcaf\xC3\xA9 \x01 end";
  std::string out;
  for (auto _ : state) {
    out.clear();
    telegen::detail::append_json_string(out, text);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonString_Escapes);

} // namespace
