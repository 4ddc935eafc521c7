#include "log/log_processor.hpp"

#include "core/thread_name.hpp"
#include "metrics/counters.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <utility>

namespace telegen::detail {
namespace {

// How long records may wait in their queues when nobody asks for them:
// short enough for a person following the file.
constexpr std::chrono::milliseconds write_interval{50};
// Write out formatted lines in chunks of about this size.
constexpr std::size_t chunk_bytes = 256 * 1024;

std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    n += c == '\n';
  return n;
}

// The processor callers write directly through. The mutex also keeps it
// alive during write_now: shutdown takes it to stop being the running one.
std::mutex running_mutex;
std::atomic<LogProcessor*> running{nullptr}; // written under the mutex
std::atomic<std::int64_t> guaranteed_wait_ns{
    std::chrono::nanoseconds(LogsConfig().guaranteed_wait).count()};

} // namespace

LogProcessor::LogProcessor(QueueSet& queues, const LogsConfig& config, LogSink* sink,
                           std::vector<OwnRecord> opening,
                           std::function<void(bool last)> after_pass)
    : queues_(queues), stderr_format_(config.stderr_format), sink_(sink),
      after_pass_(std::move(after_pass)), sync_interval_(config.sync_interval),
      opening_(std::move(opening)) {
  if (!config.file_path.empty())
    file_ = std::make_unique<RotatingFile>(config.file_path, config.max_file_bytes,
                                           config.max_backups, sync_interval_.count() > 0);
  thread_ = std::thread([this] {
    name_this_thread("telegen-logs");
    run();
  });
  std::lock_guard<std::mutex> lock(running_mutex);
  running = this;
  guaranteed_wait_ns.store(std::chrono::nanoseconds(config.guaranteed_wait).count(),
                           std::memory_order_relaxed);
}

LogProcessor::~LogProcessor() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

void LogProcessor::write_locked(Lines& lines) {
  if (file_ && !lines.file.empty()) {
    const std::size_t lost = file_->write(lines.file);
    log_write_failures.add(lost);
    if (sync_interval_.count() > 0 && !unsynced_since_ && lost < count_lines(lines.file))
      unsynced_since_ = std::chrono::steady_clock::now();
  }
  if (!lines.stderr_text.empty() && !write_fd(STDERR_FILENO, lines.stderr_text))
    log_write_failures.add(count_lines(lines.stderr_text));
  lines.file.clear();
  lines.stderr_text.clear();
}

void LogProcessor::write_out() {
  std::lock_guard<std::mutex> lock(output_mutex_);
  write_locked(lines_);
}

void LogProcessor::write_now(const std::byte* record, std::size_t size) {
  std::lock_guard<std::mutex> lock(output_mutex_);
  TickConverter clock; // anchored now
  decode_log(record, size, clock, direct_lines_.view);
  format(direct_lines_.view, direct_lines_);
  write_locked(direct_lines_);
}

void LogProcessor::format(const LogView& record, Lines& lines) {
  if (file_)
    append_json_line(lines.file, record, lines.sensitive);
  if (stderr_format_ == StderrFormat::json)
    append_json_line(lines.stderr_text, record, lines.sensitive);
  else if (stderr_format_ == StderrFormat::dev)
    append_dev_line(lines.stderr_text, record, lines.sensitive);
  if (sink_ != nullptr)
    sink_->add(record);
}

void LogProcessor::drain() {
  clock_.refresh();
  queues_.for_each([&](QueueSet::Entry& entry) {
    entry.queue.consume([&](const std::byte* record, std::size_t size) {
      decode_log(record, size, clock_, lines_.view);
      format(lines_.view, lines_);
      if (lines_.file.size() + lines_.stderr_text.size() >= chunk_bytes)
        write_out();
    });
  });
  write_out();
  queues_.room().pass_ended();
}

std::chrono::nanoseconds LogProcessor::sync_when_due() {
  if (sync_interval_.count() == 0)
    return write_interval;
  int fd;
  {
    std::lock_guard<std::mutex> lock(output_mutex_);
    if (!unsynced_since_)
      return write_interval;
    const auto now = std::chrono::steady_clock::now();
    const auto due = *unsynced_since_ + sync_interval_;
    if (now < due)
      return std::min<std::chrono::nanoseconds>(write_interval, due - now);
    // Lines written from here on wait for the next sync.
    unsynced_since_.reset();
    fd = file_->duplicate();
  }
  // Outside the lock: a caller writing a guaranteed record does not wait
  // for the disk. A rotation meanwhile syncs the file it closes itself.
  if (fd >= 0) {
    ::fdatasync(fd);
    ::close(fd);
  }
  return write_interval;
}

void LogProcessor::run() {
  for (const OwnRecord& record : opening_)
    format(record.view(), lines_);
  opening_.clear();
  for (;;) {
    // One pass sees every record committed before the request.
    const BackgroundControl::Requests requests = control_.poll();
    drain();
    if (after_pass_) {
      after_pass_(requests.stopping);
      if (requests.stopping)
        drain();
    }
    if (requests.stopping) {
      if (closing_) {
        format(closing_->view(), lines_);
        write_out();
      }
      if (std::lock_guard<std::mutex> lock(output_mutex_); unsynced_since_)
        file_->sync();
      control_.stopped();
      return;
    }
    if (requests.flushing)
      control_.flushed(requests.flush_target);
    queues_.waker().wait(sync_when_due());
  }
}

bool LogProcessor::force_flush(std::chrono::nanoseconds timeout) {
  return control_.flush(queues_.waker(), timeout);
}

void LogProcessor::shutdown(std::chrono::nanoseconds timeout, std::optional<OwnRecord> closing) {
  {
    std::lock_guard<std::mutex> lock(running_mutex);
    if (running == this)
      running = nullptr;
  }
  // Read by the thread only once it sees the stop request, which the
  // control's lock orders after this.
  if (!closing_ && closing)
    closing_ = std::move(closing);
  control_.stop(queues_.waker(), timeout);
  if (thread_.joinable())
    thread_.join();
}

bool log_writer_running() noexcept { return running.load() != nullptr; }

bool write_directly(const std::byte* record, std::size_t size) noexcept {
  std::lock_guard<std::mutex> lock(running_mutex);
  LogProcessor* processor = running.load();
  if (processor == nullptr)
    return false;
  try {
    processor->write_now(record, size);
  } catch (const std::bad_alloc&) {
    return false;
  }
  return true;
}

void lock_direct_writes_for_fork() { running_mutex.lock(); }

void unlock_direct_writes_after_fork(bool in_child) {
  if (in_child)
    running = nullptr;
  running_mutex.unlock();
}

std::chrono::nanoseconds guaranteed_wait() noexcept {
  return std::chrono::nanoseconds(guaranteed_wait_ns.load(std::memory_order_relaxed));
}

} // namespace telegen::detail
