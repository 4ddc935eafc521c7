// What carrying the context across a hop costs: a task submitted to a
// simple pool and run on its worker thread, wrapped by bind_context (what
// `telegen instrument` writes at a TELEGEN_PROPAGATE call) against the
// same task unwrapped, in the same binary. Both run under a request's
// context and a sampled span on the submitting thread, as a service does.
//
// The pool is a single-producer single-consumer ring of std::function, the
// usual task type, or of InlineTask, a task type that keeps a callable of
// up to 64 bytes in its slot; the worker spins for work. Each iteration submits one
// task; the timed loop ends once the worker has run every task, so the
// figure is the throughput of a hop (submit + run), and the difference
// between the two rows is the cost of the wrapper per hop.
#include "telegen/context.hpp"
#include "telegen/exporter.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace telegen;

double min_of(const std::vector<double>& values) {
  return *std::min_element(values.begin(), values.end());
}
#define TELEGEN_BENCHMARK(fn) BENCHMARK(fn)->ComputeStatistics("min", min_of)

constexpr detail::SpanSite request_site{"orders.place", SpanKind::server, "place", "src/orders.cpp",
                                        42};

class DiscardingExporter : public SpanExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>&) override { return true; }
};

// A move-only task that keeps a callable of up to 64 bytes in place, as
// task types with a fixed inline buffer do: a wrapped task then travels in
// its ring slot as an unwrapped one does. Anything larger does not compile.
class InlineTask {
public:
  InlineTask() noexcept = default;
  template <class Callable,
            class = std::enable_if_t<!std::is_same_v<std::decay_t<Callable>, InlineTask>>>
  InlineTask(Callable&& callable) noexcept { // NOLINT: converts as std::function does
    using Stored = std::decay_t<Callable>;
    static_assert(sizeof(Stored) <= sizeof(storage_) && alignof(Stored) <= alignof(Storage));
    static_assert(std::is_nothrow_move_constructible_v<Stored>);
    new (&storage_) Stored(std::forward<Callable>(callable));
    ops_ = &ops_for<Stored>;
  }
  InlineTask(InlineTask&& other) noexcept { take(other); }
  InlineTask& operator=(InlineTask&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  InlineTask& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  ~InlineTask() { reset(); }

  void operator()() { ops_->call(&storage_); }

private:
  struct Ops {
    void (*call)(void*);
    void (*move_to)(void* from, void* to) noexcept;
    void (*destroy)(void*) noexcept;
  };
  template <class Stored>
  static constexpr Ops ops_for{[](void* self) { (*static_cast<Stored*>(self))(); },
                               [](void* from, void* to) noexcept {
                                 new (to) Stored(std::move(*static_cast<Stored*>(from)));
                                 static_cast<Stored*>(from)->~Stored();
                               },
                               [](void* self) noexcept { static_cast<Stored*>(self)->~Stored(); }};
  using Storage = std::aligned_storage_t<64, 16>;

  void take(InlineTask& other) noexcept {
    if (other.ops_ != nullptr) {
      other.ops_->move_to(&other.storage_, &storage_);
      ops_ = std::exchange(other.ops_, nullptr);
    }
  }
  void reset() noexcept {
    if (ops_ != nullptr)
      std::exchange(ops_, nullptr)->destroy(&storage_);
  }

  Storage storage_;
  const Ops* ops_ = nullptr;
};

// One worker thread taking tasks from a bounded ring; one submitting thread.
template <class Task = std::function<void()>> class SpinPool {
public:
  SpinPool() : worker_([this] { run(); }) {}
  ~SpinPool() {
    stopping_.store(true, std::memory_order_release);
    worker_.join();
  }
  SpinPool(const SpinPool&) = delete;
  SpinPool& operator=(const SpinPool&) = delete;

  void submit(Task task) {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    while (tail - head_.load(std::memory_order_acquire) == capacity)
      std::this_thread::yield();
    ring_[tail % capacity] = std::move(task);
    tail_.store(tail + 1, std::memory_order_release);
  }

  // Returns once every submitted task has run.
  void drain() const {
    while (head_.load(std::memory_order_acquire) != tail_.load(std::memory_order_relaxed))
      std::this_thread::yield();
  }

private:
  static constexpr std::uint64_t capacity = 1024;

  void run() {
    std::uint64_t head = 0;
    while (!stopping_.load(std::memory_order_acquire)) {
      if (head == tail_.load(std::memory_order_acquire)) {
        std::this_thread::yield();
        continue;
      }
      Task& task = ring_[head % capacity];
      task();
      task = nullptr; // the task's captures die on the worker, as in a pool
      head_.store(++head, std::memory_order_release);
    }
  }

  std::array<Task, capacity> ring_;
  alignas(64) std::atomic<std::uint64_t> head_{0};
  alignas(64) std::atomic<std::uint64_t> tail_{0};
  alignas(64) std::atomic<bool> stopping_{false};
  std::thread worker_;
};

// telegen running, exporting to nowhere, for one benchmark.
class Session {
public:
  Session() {
    Config config;
    config.service_name = "bench";
    config.traces.exporter = std::make_shared<DiscardingExporter>();
    config.logs.file_path = "/dev/null";
    telegen::start(config);
  }
  ~Session() { telegen::shutdown(std::chrono::seconds(30)); }
};

// A request: its context and a sampled server span, current on the
// submitting thread for the whole benchmark.
class Request {
public:
  Request()
      : scope_(Context::current().with_request({"req-42", Frontend::api, "flow-7"})),
        span_(request_site) {}

private:
  Scope scope_;
  SpanGuard span_;
};

// The work each task does: touch a counter the worker owns.
std::uint64_t executed = 0;

void BM_Hop_Unwrapped(benchmark::State& state) {
  Session session;
  SpinPool<> pool;
  Request request;
  for (auto _ : state)
    pool.submit([] { ++executed; });
  pool.drain();
  state.SetItemsProcessed(state.iterations());
}
TELEGEN_BENCHMARK(BM_Hop_Unwrapped)->UseRealTime();

void BM_Hop_Wrapped(benchmark::State& state) {
  Session session;
  SpinPool<> pool;
  Request request;
  for (auto _ : state)
    pool.submit(bind_context([] { ++executed; }));
  pool.drain();
  state.SetItemsProcessed(state.iterations());
}
TELEGEN_BENCHMARK(BM_Hop_Wrapped)->UseRealTime();

// The two rows above, interleaved in one run: each iteration sends a batch
// of 1,024 tasks capturing nothing through the pool unwrapped and a batch
// wrapped, in turn first, each timed from its first submit until the worker
// has run its last. The separate rows move by up to 3x from one run to the
// next on a VM, as the two threads' vCPUs land on other cores; both batches
// of an iteration see the same placement, so their difference is the
// wrapper's wall-clock cost per hop. Counters: the mean per task of each
// batch and the difference.
template <class Task> void BM_Hop_Paired(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  constexpr int batch = 1024;
  Session session;
  SpinPool<Task> pool;
  Request request;
  Clock::duration unwrapped{}, wrapped{};
  const auto run_batch = [&](auto make_task, Clock::duration& total) {
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < batch; ++i)
      pool.submit(make_task());
    pool.drain();
    total += Clock::now() - start;
  };
  const auto run_unwrapped = [&] { run_batch([] { return [] { ++executed; }; }, unwrapped); };
  const auto run_wrapped = [&] {
    run_batch([] { return bind_context([] { ++executed; }); }, wrapped);
  };
  bool wrapped_first = false;
  for (auto _ : state) {
    if (wrapped_first) {
      run_wrapped();
      run_unwrapped();
    } else {
      run_unwrapped();
      run_wrapped();
    }
    wrapped_first = !wrapped_first;
  }
  const double tasks = static_cast<double>(state.iterations()) * batch;
  const auto per_task = [&](Clock::duration total) {
    return std::chrono::duration<double, std::nano>(total).count() / tasks;
  };
  state.counters["unwrapped_ns"] = per_task(unwrapped);
  state.counters["wrapped_ns"] = per_task(wrapped);
  state.counters["wrapper_ns"] = per_task(wrapped) - per_task(unwrapped);
}
TELEGEN_BENCHMARK(BM_Hop_Paired<std::function<void()>>)->Name("BM_Hop_Paired")->UseRealTime();

// The same pairs through a pool whose task type keeps the callable in the
// ring slot (InlineTask): what the wrapper costs a hop when its callable
// needs no line of its own.
TELEGEN_BENCHMARK(BM_Hop_Paired<InlineTask>)->Name("BM_Hop_Paired_InlineTask")->UseRealTime();

// What bounds the wrapper's cost per hop above: one cache line handed from
// one thread to the other and back, each waiting for the other's write. A
// task whose callable lives outside the ring's slot, as a wrapped one does,
// has one more line to hand over per hop than one that fits the slot. An
// iteration is a round trip: two hand-overs.
void BM_LineHandoff(benchmark::State& state) {
  alignas(64) std::atomic<std::uint64_t> turn{0};
  alignas(64) std::atomic<bool> stop{false};
  std::thread other([&] {
    std::uint64_t seen = 1;
    while (!stop.load(std::memory_order_relaxed)) {
      if (turn.load(std::memory_order_acquire) == seen) {
        turn.store(seen + 1, std::memory_order_release);
        seen += 2;
      }
    }
  });
  std::uint64_t next = 0;
  for (auto _ : state) {
    turn.store(next + 1, std::memory_order_release);
    while (turn.load(std::memory_order_acquire) != next + 2) {
    }
    next += 2;
  }
  stop.store(true, std::memory_order_relaxed);
  other.join();
}
TELEGEN_BENCHMARK(BM_LineHandoff)->UseRealTime();

// A task that carries data (an order id here), as most do: std::function
// stores it on the heap whether wrapped or not, so the wrapper adds no
// allocation.
const std::string order_id = "order-4bf92f3577b34da6a3ce929d0e0e4736";

void BM_Hop_Unwrapped_DataTask(benchmark::State& state) {
  Session session;
  SpinPool<> pool;
  Request request;
  for (auto _ : state)
    pool.submit([id = order_id] { executed += id.size(); });
  pool.drain();
  state.SetItemsProcessed(state.iterations());
}
TELEGEN_BENCHMARK(BM_Hop_Unwrapped_DataTask)->UseRealTime();

void BM_Hop_Wrapped_DataTask(benchmark::State& state) {
  Session session;
  SpinPool<> pool;
  Request request;
  for (auto _ : state)
    pool.submit(bind_context([id = order_id] { executed += id.size(); }));
  pool.drain();
  state.SetItemsProcessed(state.iterations());
}
TELEGEN_BENCHMARK(BM_Hop_Wrapped_DataTask)->UseRealTime();

// The wrapper's own work on one thread, without the hop: capture the
// context, then call under it, against calling the task directly; with
// std::function, and with a task type that keeps the callable in place
// (InlineTask), so without an allocation.
template <class Task> void BM_SameThread_Call(benchmark::State& state) {
  Session session;
  Request request;
  for (auto _ : state) {
    Task task([] { ++executed; });
    task();
    benchmark::DoNotOptimize(executed);
  }
}
TELEGEN_BENCHMARK(BM_SameThread_Call<std::function<void()>>)->Name("BM_SameThread_Call");
TELEGEN_BENCHMARK(BM_SameThread_Call<InlineTask>)->Name("BM_SameThread_Call_InlineTask");

template <class Task> void BM_SameThread_BindAndCall(benchmark::State& state) {
  Session session;
  Request request;
  for (auto _ : state) {
    Task task(bind_context([] { ++executed; }));
    task();
    benchmark::DoNotOptimize(executed);
  }
}
TELEGEN_BENCHMARK(BM_SameThread_BindAndCall<std::function<void()>>)
    ->Name("BM_SameThread_BindAndCall");
TELEGEN_BENCHMARK(BM_SameThread_BindAndCall<InlineTask>)
    ->Name("BM_SameThread_BindAndCall_InlineTask");

void BM_SameThread_Call_DataTask(benchmark::State& state) {
  Session session;
  Request request;
  for (auto _ : state) {
    std::function<void()> task([id = order_id] { executed += id.size(); });
    task();
    benchmark::DoNotOptimize(executed);
  }
}
TELEGEN_BENCHMARK(BM_SameThread_Call_DataTask);

void BM_SameThread_BindAndCall_DataTask(benchmark::State& state) {
  Session session;
  Request request;
  for (auto _ : state) {
    std::function<void()> task(bind_context([id = order_id] { executed += id.size(); }));
    task();
    benchmark::DoNotOptimize(executed);
  }
}
TELEGEN_BENCHMARK(BM_SameThread_BindAndCall_DataTask);

} // namespace
