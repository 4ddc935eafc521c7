// Lifecycle: start, force_flush, shutdown, the lazy start from the
// environment, and the per-thread queues.
#include "telegen/telemetry.hpp"

#include "core/pipeline.hpp"
#include "core/service_name.hpp"
#include "export/exporters.hpp"
#include "export/log_batch_processor.hpp"
#include "export/metric_reader.hpp"
#include "log/log_processor.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/multiprocess.hpp"
#include "metrics/process_metrics.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "telemetry/drop_report.hpp"
#include "telemetry/lifecycle_records.hpp"
#include "telemetry/running.hpp"
#include "trace/fork.hpp"
#include "trace/sampler.hpp"
#include "trace/site_limiter.hpp"
#include "trace/span_processor.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
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
// A thread's log buffer holds a burst of 100,000 records of three fields
// (about 160 bytes each) even when the writer gets no CPU meanwhile; it is
// allocated only as a burst needs it, and freed once drained.
constexpr std::size_t max_log_queue_bytes = 32 * 1024 * 1024;

// forked: running when the process forked; the child's first span or log
// record starts it again with the same configuration.
enum class State { never_started, running, stopped, forked };

struct Runtime {
  std::mutex mutex;
  State state = State::never_started;
  std::unique_ptr<SpanProcessor> spans;
  // Declared before `logs`, whose thread calls it: destroyed after it.
  std::unique_ptr<DropReporter> drops;
  // Declared before `logs`, which hands it records: destroyed after it.
  std::unique_ptr<LogBatchProcessor> log_export;
  std::unique_ptr<LogProcessor> logs;
  std::unique_ptr<MetricReader> metrics;
  Config config;     // the last one started
  Resource resource; // of the last configuration started
  // When service_started was written in this process.
  std::chrono::steady_clock::time_point started_at;
};

// Never destroyed: threads may still end spans while the process exits.
Runtime& runtime() {
  static Runtime* instance = new Runtime;
  return *instance;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] Runtime& runtime_at_load = runtime();

std::chrono::nanoseconds remaining_until(std::chrono::steady_clock::time_point deadline) {
  return std::max<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now(),
                                            std::chrono::nanoseconds(0));
}

// How long shutdown() may take by default: the longest OTLP timeout of the
// signals exported over OTLP, else 2 s for the files.
std::chrono::milliseconds shutdown_budget(const Config& config) {
  std::chrono::milliseconds budget = std::chrono::seconds(2);
  const auto& names = config.traces.exporters;
  if (config.traces.enabled && std::find(names.begin(), names.end(), "otlp") != names.end())
    budget = std::max(budget, config.traces.otlp.timeout);
  if (config.logs.export_otlp)
    budget = std::max(budget, config.logs.otlp.timeout);
  if (config.metrics.export_otlp)
    budget = std::max(budget, config.metrics.otlp.timeout);
  return budget;
}

// `closing`: the log thread's last record, when it is the runtime's end.
void stop_locked(Runtime& r, std::chrono::milliseconds timeout,
                 std::optional<OwnRecord> closing = {}) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto remaining = [&] { return remaining_until(deadline); };
  head_sampler().disable();
  // The signals' last exports run at once, each within the deadline: a
  // receiver that is down for one signal does not starve the others.
  if (r.spans)
    r.spans->begin_shutdown();
  if (r.metrics)
    r.metrics->begin_shutdown();
  // The log writer before the log export: its last records go there.
  if (r.logs)
    r.logs->shutdown(remaining(), std::move(closing));
  if (r.log_export)
    r.log_export->shutdown(remaining());
  if (r.spans)
    r.spans->shutdown(remaining());
  if (r.metrics)
    r.metrics->shutdown(remaining());
  // What the spans' last export lost, once the log file is closed.
  if (r.drops)
    r.drops->after_stop();
  r.spans.reset();
  r.logs.reset();
  r.log_export.reset();
  r.metrics.reset();
  r.drops.reset();
  if (r.state == State::running)
    r.state = State::stopped;
}

void shutdown_locked(Runtime& r, std::chrono::milliseconds timeout) {
  std::optional<OwnRecord> closing;
  if (r.state == State::running && r.config.logs.level <= Level::info)
    closing = closing_record(std::chrono::steady_clock::now() - r.started_at);
  stop_locked(r, timeout, std::move(closing));
  // Configured, off: roots after shutdown neither record nor restart it.
  head_sampler().configure(false, SamplingConfig{});
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
  if (runtime().metrics)
    runtime().metrics->lock_for_fork();
  span_queues().lock_for_fork();
  log_queues().lock_for_fork();
  lock_direct_writes_for_fork();
}

void after_fork_in_parent() {
  unlock_direct_writes_after_fork(false);
  log_queues().unlock_after_fork();
  span_queues().unlock_after_fork();
  if (runtime().metrics)
    runtime().metrics->unlock_after_fork();
  runtime().mutex.unlock();
}

void forget_thread_queues_after_fork();

void after_fork_in_child() {
  Runtime& r = runtime();
  // Leaked on purpose: destroying them would join threads this process
  // does not have.
  static_cast<void>(r.spans.release());
  static_cast<void>(r.drops.release());
  static_cast<void>(r.logs.release());
  static_cast<void>(r.log_export.release());
  static_cast<void>(r.metrics.release());
  if (r.state == State::running) {
    r.state = State::forked;
    head_sampler().reset();
    set_configured_log_level(0);
  }
  span_queues().forget_after_fork();
  log_queues().forget_after_fork();
  forget_thread_queues_after_fork();
  leave_open_spans_to_parent();
  unlock_direct_writes_after_fork(true);
  log_queues().unlock_after_fork();
  span_queues().unlock_after_fork();
  r.mutex.unlock();
}

std::atomic<std::int64_t> slow_request_ms{LogsConfig().slow_request.count()};

// service_started when telegen starts in this process (a forked child is
// another process), then configuration_loaded, both before any other
// record; a restart with another configuration writes only the latter.
std::vector<OwnRecord> opening_records(Runtime& r, const Config& config) {
  std::vector<OwnRecord> records;
  if (config.logs.level > Level::info)
    return records;
  if (r.state != State::running) {
    records.push_back(started_record(config));
    r.started_at = std::chrono::steady_clock::now();
  }
  records.push_back(configuration_record(config));
  return records;
}

void start_locked(Runtime& r, const Config& config) {
  std::vector<OwnRecord> opening = opening_records(r, config);
  stop_locked(r, std::chrono::seconds(2));
  Multiprocess::instance().configure(config.metrics.multiprocess_dir);
  set_created_samples(config.metrics.openmetrics_created);
  set_build_info(service_name_or_default(config), service_version(config));
  // The threshold first: an exporter that logs while being made must not
  // come back here.
  set_configured_log_level(static_cast<std::uint8_t>(config.logs.level));
  slow_request_ms.store(config.logs.slow_request.count(), std::memory_order_relaxed);
  const Resource resource = make_resource(config);
  if (std::unique_ptr<LogExporter> exporter = make_log_exporter(config, resource))
    r.log_export = std::make_unique<LogBatchProcessor>(config.logs.batch, std::move(exporter));
  log_queues().set_max_bytes(max_log_queue_bytes);
  // The record is not seen without a log file or stderr format: a plain
  // stderr line says the same.
  r.drops = std::make_unique<DropReporter>(config.logs.file_path.empty() &&
                                           config.logs.stderr_format == StderrFormat::off);
  r.logs = std::make_unique<LogProcessor>(
      log_queues(), config.logs, r.log_export.get(), std::move(opening),
      // On the writer's thread, whose queue is there until its last pass,
      // also when shutdown runs from exit() after the caller's queue went.
      [drops = r.drops.get()](bool last) {
        if (last)
          drops->at_shutdown();
        else
          drops->periodic(std::chrono::steady_clock::now());
      });

  std::shared_ptr<SpanExporter> exporter =
      config.traces.enabled ? make_span_exporter(config) : nullptr;
  span_queues().set_max_bytes(
      std::max(initial_queue_bytes * 4, config.traces.batch.max_queue_size * average_span_bytes));
  if (exporter)
    r.spans = std::make_unique<SpanProcessor>(span_queues(), config.traces, resource, exporter);
  site_limiter().configure(config.traces.sampling.site_rate_limit);
  head_sampler().configure(exporter != nullptr, config.traces.sampling);

  if (std::unique_ptr<MetricExporter> metric_exporter = make_metric_exporter(config, resource))
    r.metrics = std::make_unique<MetricReader>(config.metrics, std::move(metric_exporter));
  r.resource = resource;
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

namespace {
// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] QueueSet& span_queues_at_load = span_queues();
[[maybe_unused]] QueueSet& log_queues_at_load = log_queues();
} // namespace

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

std::chrono::milliseconds slow_request_threshold() noexcept {
  return std::chrono::milliseconds(slow_request_ms.load(std::memory_order_relaxed));
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
  const auto remaining = [&] { return detail::remaining_until(deadline); };
  bool done = true;
  if (r.spans)
    done &= r.spans->force_flush(timeout);
  // The log writer first: it hands its records to the log export.
  if (r.logs)
    done &= r.logs->force_flush(remaining());
  if (r.log_export)
    done &= r.log_export->force_flush(remaining());
  if (r.metrics)
    done &= r.metrics->force_flush(remaining());
  return done;
}

void shutdown(std::chrono::milliseconds timeout) {
  detail::Runtime& r = detail::runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  detail::shutdown_locked(r, timeout);
}

void shutdown() {
  detail::Runtime& r = detail::runtime();
  std::lock_guard<std::mutex> lock(r.mutex);
  detail::shutdown_locked(r, detail::shutdown_budget(r.config));
}

} // namespace telegen
