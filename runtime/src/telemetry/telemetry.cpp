// Lifecycle: start, force_flush, shutdown, the lazy start from the
// environment, and the per-thread queues.
#include "telegen/telemetry.hpp"

#include "core/pipeline.hpp"
#include "export/exporters.hpp"
#include "log/log_processor.hpp"
#include "telemetry/running.hpp"
#include "trace/fork.hpp"
#include "trace/sampler.hpp"
#include "trace/span_processor.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <vector>

namespace telegen {
namespace detail {
namespace {

// Every thread's first span or log record allocates this much; a queue
// grows (by doubling) only when its thread outpaces the background thread.
constexpr std::size_t initial_queue_bytes = 16 * 1024;
// The byte budget per thread for OTEL_BSP_MAX_QUEUE_SIZE spans.
constexpr std::size_t average_span_bytes = 256;
constexpr std::size_t max_log_queue_bytes = 8 * 1024 * 1024;

// forked: running when the process forked; the child's first span or log
// record starts it again with the same configuration.
enum class State { never_started, running, stopped, forked };

struct Runtime {
  std::mutex mutex;
  State state = State::never_started;
  std::unique_ptr<SpanProcessor> spans;
  std::unique_ptr<LogProcessor> logs;
  Config config;     // the last one started
  Resource resource; // of the last configuration started
};

// Never destroyed: threads may still end spans while the process exits.
Runtime& runtime() {
  static Runtime* instance = new Runtime;
  return *instance;
}

void stop_locked(Runtime& r, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto remaining = [&] {
    return std::max<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now(),
                                              std::chrono::nanoseconds(0));
  };
  head_sampler().disable();
  if (r.spans)
    r.spans->shutdown(remaining());
  if (r.logs)
    r.logs->shutdown(remaining());
  r.spans.reset();
  r.logs.reset();
  if (r.state == State::running)
    r.state = State::stopped;
}

void shutdown_at_exit() { telegen::shutdown(); }

// fork() copies only the calling thread. Every lock a producer or a
// background thread may take is held across it, so the child's copies are
// consistent and free; the child then drops what its threads' absence makes
// stale: the background processors (their threads are gone, and joining
// them would wait for nothing), the queues (their records are the
// parent's, which exports them) and the open spans (the parent ends them).
void prepare_fork() {
  runtime().mutex.lock();
  span_queues().lock_for_fork();
  log_queues().lock_for_fork();
}

void after_fork_in_parent() {
  log_queues().unlock_after_fork();
  span_queues().unlock_after_fork();
  runtime().mutex.unlock();
}

void forget_thread_queues_after_fork();

void after_fork_in_child() {
  Runtime& r = runtime();
  // Leaked on purpose: destroying them would join threads this process
  // does not have.
  static_cast<void>(r.spans.release());
  static_cast<void>(r.logs.release());
  if (r.state == State::running) {
    r.state = State::forked;
    head_sampler().reset();
    log_threshold.store(0, std::memory_order_relaxed);
  }
  span_queues().forget_after_fork();
  log_queues().forget_after_fork();
  forget_thread_queues_after_fork();
  leave_open_spans_to_parent();
  log_queues().unlock_after_fork();
  span_queues().unlock_after_fork();
  r.mutex.unlock();
}

void start_locked(Runtime& r, const Config& config) {
  stop_locked(r, std::chrono::seconds(2));
  // The threshold first: an exporter that logs while being made must not
  // come back here.
  log_threshold.store(static_cast<std::uint8_t>(config.logs.level), std::memory_order_relaxed);
  log_queues().set_max_bytes(max_log_queue_bytes);
  r.logs = std::make_unique<LogProcessor>(log_queues(), config.logs);

  std::shared_ptr<SpanExporter> exporter =
      config.traces.enabled ? make_span_exporter(config) : nullptr;
  span_queues().set_max_bytes(
      std::max(initial_queue_bytes * 4, config.traces.batch.max_queue_size * average_span_bytes));
  if (exporter)
    r.spans = std::make_unique<SpanProcessor>(span_queues(), config.traces, make_resource(config),
                                              exporter);
  head_sampler().configure(exporter != nullptr, config.traces.sampling);
  r.resource = make_resource(config);
  r.config = config;

  if (r.state == State::never_started) {
    static std::once_flag at_exit;
    std::call_once(at_exit, [] {
      std::atexit(shutdown_at_exit);
      pthread_atfork(prepare_fork, after_fork_in_parent, after_fork_in_child);
    });
  }
  r.state = State::running;
}

struct OwnedQueue {
  std::shared_ptr<QueueSet::Entry> entry;
  ByteQueue** slot;
};

// Hands this thread's queues to the background threads when it exits.
struct ThreadQueues {
  std::vector<OwnedQueue> owned;
  ~ThreadQueues();
};

thread_local bool thread_exiting = false;
thread_local ThreadQueues thread_queues_owner;

void forget_thread_queues_after_fork() {
  for (const OwnedQueue& q : thread_queues_owner.owned)
    *q.slot = nullptr;
  thread_queues_owner.owned.clear();
}

ThreadQueues::~ThreadQueues() {
  thread_exiting = true;
  for (const OwnedQueue& q : owned) {
    *q.slot = nullptr;
    q.entry->abandoned.store(true, std::memory_order_release);
  }
}

} // namespace

QueueSet& span_queues() {
  static QueueSet* set = new QueueSet(initial_queue_bytes, initial_queue_bytes * 32);
  return *set;
}

QueueSet& log_queues() {
  static QueueSet* set = new QueueSet(initial_queue_bytes, max_log_queue_bytes);
  return *set;
}

void ensure_started() {
  Runtime& r = runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (r.state == State::never_started)
    start_locked(r, Config::from_env());
  else if (r.state == State::forked)
    start_locked(r, Config(r.config));
}

Resource running_resource() {
  ensure_started();
  Runtime& r = runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.resource;
}

ByteQueue* attach_thread_queue(QueueSet& set, ByteQueue*& slot) {
  if (thread_exiting)
    return nullptr;
  ThreadQueues& owner = thread_queues_owner;
  std::shared_ptr<QueueSet::Entry> entry = set.create();
  if (!entry)
    return nullptr;
  try {
    owner.owned.push_back({entry, &slot});
  } catch (const std::bad_alloc&) {
    entry->abandoned.store(true, std::memory_order_release);
    return nullptr;
  }
  slot = &entry->queue;
  return slot;
}

} // namespace detail

void start(const Config& config) {
  detail::Runtime& r = detail::runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  detail::start_locked(r, config);
}

bool force_flush(std::chrono::milliseconds timeout) {
  detail::Runtime& r = detail::runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool done = true;
  if (r.spans)
    done &= r.spans->force_flush(timeout);
  if (r.logs)
    done &= r.logs->force_flush(std::max<std::chrono::nanoseconds>(
        deadline - std::chrono::steady_clock::now(), std::chrono::nanoseconds(0)));
  return done;
}

void shutdown(std::chrono::milliseconds timeout) {
  detail::Runtime& r = detail::runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  detail::stop_locked(r, timeout);
  // Configured, off: roots after shutdown neither record nor restart it.
  detail::head_sampler().configure(false, SamplingConfig{});
}

} // namespace telegen
