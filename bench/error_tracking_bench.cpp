// Error tracking's price. The success path of an instrumented function with
// the handlers `telegen instrument` writes now (exception_escaped, then the
// span's record_exception, which takes the stack) beside the handlers it
// wrote before error tracking (record_exception alone): the same code runs
// when nothing is thrown, so the two must cost the same. And the error
// path: an exception thrown through the function without telegen, beside
// one thrown through the instrumented function (caught and rethrown by its
// handlers, counted by a recorder, recorded on the span with its stack,
// which the background thread symbolizes).
#include "telegen/detail/error_tracking.hpp"
#include "telegen/span.hpp"

#include "core/stacktrace.hpp"
#include "session.hpp"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace {

using namespace telegen;
using bench::Session;

constexpr detail::SpanSite place_site{"orders.place", SpanKind::server, "orders::place",
                                      "src/orders.cpp", 42};

volatile int sink = 0;

[[gnu::noinline]] int work(int quantity) {
  if (quantity < 0)
    throw std::invalid_argument("negative quantity");
  return quantity * 2;
}

// The same function without telegen.
[[gnu::noinline]] int place_plain(int quantity) { return work(quantity); }

// What `telegen instrument` wrote before error tracking.
[[gnu::noinline]] int place_before(int quantity) {
  SpanGuard telegen_span_{place_site};
  try {
    return work(quantity);
  } catch (const std::exception& telegen_exception_) {
    telegen_span_.record_exception(telegen_exception_);
    throw;
  } catch (...) {
    telegen_span_.record_exception();
    throw;
  }
}

// What it writes now.
[[gnu::noinline]] int place_now(int quantity) {
  SpanGuard telegen_span_{place_site};
  try {
    return work(quantity);
  } catch (const std::exception& telegen_exception_) {
    detail::exception_escaped(place_site, telegen_exception_);
    telegen_span_.record_exception(telegen_exception_);
    throw;
  } catch (...) {
    detail::exception_escaped(place_site);
    telegen_span_.record_exception();
    throw;
  }
}

// A generated recorder's work, less its counter's few nanoseconds.
std::atomic<std::uint64_t> escaped{0};
void count(const detail::EscapedError&) noexcept {
  escaped.fetch_add(1, std::memory_order_relaxed);
}
const detail::ErrorTrackingRegistration registration{&count};

template <int (*Place)(int)> void BM_SuccessPath(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    sink = Place(3);
    session.tick();
  }
}
BENCHMARK_TEMPLATE(BM_SuccessPath, place_before)
    ->Name("BM_SuccessPath_HandlersBefore")
    ->ComputeStatistics("min", bench::min_of);
BENCHMARK_TEMPLATE(BM_SuccessPath, place_now)
    ->Name("BM_SuccessPath_HandlersNow")
    ->ComputeStatistics("min", bench::min_of);

void BM_ErrorPath_WithoutTelegen(benchmark::State& state) {
  for (auto _ : state) {
    try {
      sink = place_plain(-1);
    } catch (const std::exception&) {
      sink = 0;
    }
  }
}
TELEGEN_BENCHMARK(BM_ErrorPath_WithoutTelegen);

void BM_ErrorPath_Tracked(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    try {
      sink = place_now(-1);
    } catch (const std::exception&) {
      sink = 0;
    }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_ErrorPath_Tracked);

// The parts: what the calling thread pays for the stack (the benchmark's
// own frames and Google Benchmark's below it, about 10), and what the
// background thread pays to symbolize it, per exception.
void BM_CaptureStack(benchmark::State& state) {
  std::uintptr_t frames[detail::max_stack_frames];
  for (auto _ : state)
    benchmark::DoNotOptimize(detail::capture_stack(frames, detail::max_stack_frames, 0));
  state.counters["frames"] = static_cast<double>(
      detail::capture_stack(frames, detail::max_stack_frames, 0));
}
TELEGEN_BENCHMARK(BM_CaptureStack);

void BM_SymbolizeStack(benchmark::State& state) {
  std::uintptr_t frames[detail::max_stack_frames];
  const std::size_t count = detail::capture_stack(frames, detail::max_stack_frames, 0);
  std::string text;
  for (auto _ : state) {
    text.clear();
    detail::append_stacktrace(text, frames, count);
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["frames"] = static_cast<double>(count);
}
TELEGEN_BENCHMARK(BM_SymbolizeStack);

} // namespace
