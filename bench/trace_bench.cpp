// The hot paths of tracing and logging, on the calling thread, with the
// background threads running (session.hpp): the figures are the cost of
// recording, not of dropping; the `dropped` counter proves it stays 0.
//
// The peer: a naive tracer (std::mutex + std::vector of spans with a
// std::string name, std::mt19937_64 ids, system_clock timestamps), the
// design telegen avoids, measured in the same binary.
#include "telegen/context.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "telegen/exporter.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "context/context_access.hpp"
#include "core/clock.hpp"
#include "metrics/counters.hpp"
#include "session.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace telegen;
using bench::DiscardingExporter;
using bench::Session;

constexpr std::string_view keys[] = {"order.id", "region", "amount"};
constexpr detail::SpanSite root_site{
    "orders.place", SpanKind::server, "place", "src/orders.cpp", 42, keys};
constexpr detail::SpanSite child_site{"orders.validate", SpanKind::internal, "validate",
                                      "src/orders.cpp", 60};

constexpr std::string_view retry_fields[] = {"dependency", "attempt", "error"};
constexpr detail::EventSite retry_site{
    Level::warning, "resilience", "retry_attempt", "charge", 88, "src/payments.cpp", retry_fields};

void BM_Span_Sampled(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    { SpanGuard span(root_site); }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled);

void BM_Span_Sampled_Child(benchmark::State& state) {
  Session session(state);
  SpanGuard root(root_site);
  for (auto _ : state) {
    { SpanGuard span(child_site); }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled_Child);

// The context of a request in debug mode, as extract makes it from a
// verified X-Debug-Token.
Context debug_request() {
  auto extras = std::make_unique<detail::ContextExtras>();
  extras->debug = std::make_shared<const detail::DebugMode>(
      "dbg_", "id", detail::DebugScope::all, std::nullopt,
      std::chrono::system_clock::now() + std::chrono::hours(1));
  return detail::ContextAccess::make({}, detail::Recording::none, std::move(extras));
}

// A child span of a request in debug mode: it gets telegen.debug and adds
// its time to the request's span breakdown (under a mutex) as it ends.
void BM_Span_Sampled_Child_InDebugRequest(benchmark::State& state) {
  Session session(state);
  const Scope scope(debug_request());
  SpanGuard root(root_site);
  for (auto _ : state) {
    { SpanGuard span(child_site); }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled_Child_InDebugRequest);

void BM_Span_Sampled_ThreeAttributes(benchmark::State& state) {
  Session session(state);
  const std::string region = "eu-west-1";
  for (auto _ : state) {
    {
      SpanGuard span(root_site);
      span.set_attribute(0, 123456);
      span.set_attribute(1, region);
      span.set_attribute(2, 12.5);
    }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled_ThreeAttributes);

// Per-site protection beside the rows above: the same spans counted
// against a site limit they never reach (the cost of counting), and over
// the default limit of 1,000 a second, where nearly every span is sampled
// out at the site.
constexpr std::uint32_t unreachable_limit = UINT32_MAX;
const std::uint32_t default_limit = Config{}.traces.sampling.site_rate_limit;

// state.range(0): the limit; state.range(1): 1 for a child span, 0 for a
// root.
void BM_Span_Sampled_SiteLimit(benchmark::State& state) {
  Session session(state, Sampler::parent_based_always_on, Level::info,
                  static_cast<std::uint32_t>(state.range(0)));
  const bool child = state.range(1) != 0;
  std::optional<SpanGuard> root;
  if (child)
    root.emplace(root_site);
  const detail::SpanSite& site = child ? child_site : root_site;
  for (auto _ : state) {
    { SpanGuard span(site); }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled_SiteLimit)
    ->ArgNames({"limit", "child"})
    ->Args({unreachable_limit, 0})
    ->Args({default_limit, 0})
    ->Args({unreachable_limit, 1})
    ->Args({default_limit, 1});

// The common unsampled case: every span of a request its root (or the
// caller) did not sample.
void BM_Span_NotSampled_Child(benchmark::State& state) {
  Session session(state, Sampler::always_off);
  SpanGuard root(root_site);
  for (auto _ : state) {
    SpanGuard span(child_site);
    benchmark::DoNotOptimize(&span);
  }
}
TELEGEN_BENCHMARK(BM_Span_NotSampled_Child);

// An unsampled root still makes ids to propagate its decision.
void BM_Span_NotSampled_Root(benchmark::State& state) {
  Session session(state, Sampler::always_off);
  for (auto _ : state) {
    SpanGuard span(root_site);
    benchmark::DoNotOptimize(&span);
  }
}
TELEGEN_BENCHMARK(BM_Span_NotSampled_Root);

// One log call per iteration under a root span.
template <class Write> void log_loop(benchmark::State& state, Write write) {
  Session session(state);
  SpanGuard root(root_site);
  for (auto _ : state) {
    write();
    session.tick();
  }
}

void BM_Log_ThreeFields(benchmark::State& state) {
  log_loop(state, [] {
    log(Level::info, "orders", "order_placed",
        {{"order_id", 123456}, {"amount", 12.5}, {"region", "eu-west-1"}});
  });
}
TELEGEN_BENCHMARK(BM_Log_ThreeFields);

// The same record with two more fields bound to the context (bind_fields)
// rather than passed: one copy of the pre-encoded bound fields.
void BM_Log_ThreeFields_TwoBound(benchmark::State& state) {
  auto bound = bind_fields({{"tenant", "acme"}, {"job_id", 42}});
  log_loop(state, [] {
    log(Level::info, "orders", "order_placed",
        {{"order_id", 123456}, {"amount", 12.5}, {"region", "eu-west-1"}});
  });
}
TELEGEN_BENCHMARK(BM_Log_ThreeFields_TwoBound);

// The peer: the same five fields passed with the call.
void BM_Log_FiveFields(benchmark::State& state) {
  log_loop(state, [] {
    log(Level::info, "orders", "order_placed",
        {{"tenant", "acme"}, {"job_id", 42}, {"order_id", 123456}, {"amount", 12.5},
         {"region", "eu-west-1"}});
  });
}
TELEGEN_BENCHMARK(BM_Log_FiveFields);

void BM_Log_GeneratedSite(benchmark::State& state) {
  log_loop(state, [] { detail::emit_log(retry_site, {"payments", 2, "connection reset"}); });
}
TELEGEN_BENCHMARK(BM_Log_GeneratedSite);

void BM_Log_BelowLevel(benchmark::State& state) {
  Session session(state);
  for (auto _ : state)
    log(Level::debug, "orders", "order_placed", {{"order_id", 123456}});
}
TELEGEN_BENCHMARK(BM_Log_BelowLevel);

// The same while a request in debug mode (the Telemetry Debug API) lives
// elsewhere in the process: the threshold is DEBUG then, so the call
// reaches the slow path, finds no debug mode in its own context and drops
// the record.
void BM_Log_BelowLevel_DebugRequestElsewhere(benchmark::State& state) {
  Session session(state);
  const detail::DebugMode elsewhere("dbg_", "id", detail::DebugScope::all, std::nullopt,
                                    std::chrono::system_clock::now() + std::chrono::hours(1));
  for (auto _ : state)
    log(Level::debug, "orders", "order_placed", {{"order_id", 123456}});
}
TELEGEN_BENCHMARK(BM_Log_BelowLevel_DebugRequestElsewhere);

// A DEBUG record written by the request in debug mode itself.
void BM_Log_BelowLevel_InDebugRequest(benchmark::State& state) {
  Session session(state);
  const Scope scope(debug_request());
  for (auto _ : state) {
    log(Level::debug, "orders", "order_placed", {{"order_id", 123456}});
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Log_BelowLevel_InDebugRequest);

// The log and span parts of a resilience event (the metrics part is the
// metrics runtime's).
void BM_ResilienceEvent_LogAndSpanEvent(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    {
      SpanGuard span(root_site);
      detail::emit_log(retry_site, {"payments", 2, "connection reset"});
      detail::add_span_event(retry_site, {"payments", 2, "connection reset"});
    }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_ResilienceEvent_LogAndSpanEvent);

// Two threads at once: each writes its own queue, so neither waits for the
// other (the peer's mutex makes them queue up).
void start_shared_session(const benchmark::State&) {
  Config config;
  config.traces.exporter = std::make_shared<DiscardingExporter>();
  config.logs.file_path = "/dev/null";
  telegen::start(config);
}
void stop_shared_session(const benchmark::State&) { telegen::shutdown(std::chrono::seconds(30)); }

void BM_Span_Sampled_TwoThreads(benchmark::State& state) {
  std::uint64_t count = 0;
  for (auto _ : state) {
    { SpanGuard span(root_site); }
    if (++count % 1024 == 0) {
      state.PauseTiming();
      telegen::force_flush(std::chrono::seconds(30));
      state.ResumeTiming();
    }
  }
}
TELEGEN_BENCHMARK(BM_Span_Sampled_TwoThreads)
    ->Threads(2)
    ->Setup(start_shared_session)
    ->Teardown(stop_shared_session);

// A carrier that keeps the last traceparent, like a header slot reused
// from request to request.
class TraceparentSlot : public Carrier {
public:
  std::string_view get(std::string_view name, std::string&) const override {
    return name == "traceparent" ? std::string_view(value) : std::string_view();
  }
  void set(std::string_view name, std::string_view v) override {
    if (name == "traceparent")
      value.assign(v);
  }
  std::string value;
};

void BM_Inject_Traceparent(benchmark::State& state) {
  Session session(state);
  SpanGuard span(root_site);
  TraceparentSlot slot;
  for (auto _ : state) {
    inject(slot);
    benchmark::DoNotOptimize(slot.value.data());
  }
}
TELEGEN_BENCHMARK(BM_Inject_Traceparent);

void BM_Extract_Traceparent(benchmark::State& state) {
  TraceparentSlot slot;
  slot.value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  for (auto _ : state) {
    Context context = extract(slot);
    benchmark::DoNotOptimize(&context);
  }
}
TELEGEN_BENCHMARK(BM_Extract_Traceparent);

void BM_ParseTraceparent(benchmark::State& state) {
  const std::string header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  for (auto _ : state)
    benchmark::DoNotOptimize(parse_traceparent(header));
}
TELEGEN_BENCHMARK(BM_ParseTraceparent);

void BM_Scope_CapturedContext(benchmark::State& state) {
  Session session(state);
  SpanGuard span(root_site);
  const Context captured = Context::current();
  for (auto _ : state) {
    Scope scope(captured);
    benchmark::DoNotOptimize(&scope);
  }
}
TELEGEN_BENCHMARK(BM_Scope_CapturedContext);

void BM_Clock_Ticks(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(detail::now_ticks());
}
TELEGEN_BENCHMARK(BM_Clock_Ticks);

void BM_Clock_SystemClockNow(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(std::chrono::system_clock::now());
}
TELEGEN_BENCHMARK(BM_Clock_SystemClockNow);

// ---- the naive peer -----------------------------------------------------

struct NaiveSpan {
  std::string name;
  std::uint64_t trace_hi, trace_lo, span_id, parent_id;
  std::chrono::system_clock::time_point start, end;
};

class NaiveTracer {
public:
  void record(NaiveSpan span) {
    std::lock_guard<std::mutex> lock(mutex_);
    spans_.push_back(std::move(span));
    if (spans_.size() == 4096)
      spans_.clear(); // stands in for a background export
  }
  std::uint64_t id() {
    std::lock_guard<std::mutex> lock(mutex_);
    return random_();
  }

private:
  std::mutex mutex_;
  std::vector<NaiveSpan> spans_;
  std::mt19937_64 random_{42};
};

void BM_Peer_NaiveMutexVector_Span(benchmark::State& state) {
  NaiveTracer tracer;
  const std::string name = "orders.place";
  for (auto _ : state) {
    NaiveSpan span{name, tracer.id(), tracer.id(), tracer.id(), 0, std::chrono::system_clock::now(),
                   {}};
    span.end = std::chrono::system_clock::now();
    tracer.record(std::move(span));
  }
}
TELEGEN_BENCHMARK(BM_Peer_NaiveMutexVector_Span);

NaiveTracer shared_tracer;

void BM_Peer_NaiveMutexVector_Span_TwoThreads(benchmark::State& state) {
  const std::string name = "orders.place";
  for (auto _ : state) {
    NaiveSpan span{name,
                   shared_tracer.id(),
                   shared_tracer.id(),
                   shared_tracer.id(),
                   0,
                   std::chrono::system_clock::now(),
                   {}};
    span.end = std::chrono::system_clock::now();
    shared_tracer.record(std::move(span));
  }
}
TELEGEN_BENCHMARK(BM_Peer_NaiveMutexVector_Span_TwoThreads)->Threads(2);

} // namespace
