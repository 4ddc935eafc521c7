#include "log/log_processor.hpp"

#include "core/thread_name.hpp"
#include "metrics/counters.hpp"

#include <unistd.h>

#include <utility>

namespace telegen::detail {
namespace {

// How long records may wait in their queues when nobody asks for them:
// short enough for a person following the file.
constexpr std::chrono::milliseconds write_interval{50};
// Write out formatted lines in chunks of about this size.
constexpr std::size_t chunk_bytes = 64 * 1024;

std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    n += c == '\n';
  return n;
}

} // namespace

LogProcessor::LogProcessor(QueueSet& queues, const LogsConfig& config, LogSink* sink,
                           std::vector<OwnRecord> opening,
                           std::function<void(bool last)> after_pass)
    : queues_(queues), stderr_format_(config.stderr_format), sink_(sink),
      after_pass_(std::move(after_pass)), opening_(std::move(opening)) {
  if (!config.file_path.empty())
    file_ =
        std::make_unique<RotatingFile>(config.file_path, config.max_file_bytes, config.max_backups);
  thread_ = std::thread([this] {
    name_this_thread("telegen-logs");
    run();
  });
}

LogProcessor::~LogProcessor() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

void LogProcessor::write_out() {
  if (file_ && !file_lines_.empty())
    log_write_failures.add(file_->write(file_lines_));
  if (!stderr_lines_.empty() && !write_fd(STDERR_FILENO, stderr_lines_))
    log_write_failures.add(count_lines(stderr_lines_));
  file_lines_.clear();
  stderr_lines_.clear();
}

void LogProcessor::format(const LogView& record) {
  if (file_)
    append_json_line(file_lines_, record, sensitive_);
  if (stderr_format_ == StderrFormat::json)
    append_json_line(stderr_lines_, record, sensitive_);
  else if (stderr_format_ == StderrFormat::dev)
    append_dev_line(stderr_lines_, record, sensitive_);
  if (sink_ != nullptr)
    sink_->add(record);
  if (file_lines_.size() + stderr_lines_.size() >= chunk_bytes)
    write_out();
}

void LogProcessor::drain() {
  clock_.refresh();
  queues_.for_each([&](QueueSet::Entry& entry) {
    entry.queue.consume([&](const std::byte* record, std::size_t size) {
      decode_log(record, size, clock_, view_);
      format(view_);
    });
  });
  write_out();
}

void LogProcessor::run() {
  for (const OwnRecord& record : opening_)
    format(record.view());
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
        format(closing_->view());
        write_out();
      }
      control_.stopped();
      return;
    }
    if (requests.flushing)
      control_.flushed(requests.flush_target);
    queues_.waker().wait(write_interval);
  }
}

bool LogProcessor::force_flush(std::chrono::nanoseconds timeout) {
  return control_.flush(queues_.waker(), timeout);
}

void LogProcessor::shutdown(std::chrono::nanoseconds timeout, std::optional<OwnRecord> closing) {
  // Read by the thread only once it sees the stop request, which the
  // control's lock orders after this.
  if (!closing_ && closing)
    closing_ = std::move(closing);
  control_.stop(queues_.waker(), timeout);
  if (thread_.joinable())
    thread_.join();
}

} // namespace telegen::detail
