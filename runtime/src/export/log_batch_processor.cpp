#include "export/log_batch_processor.hpp"

#include "core/thread_name.hpp"
#include "export/export_counters.hpp"

#include <algorithm>
#include <utility>

namespace telegen::detail {

LogBatchProcessor::LogBatchProcessor(const BatchConfig& batch,
                                     std::unique_ptr<LogExporter> exporter)
    : batch_(batch), exporter_(std::move(exporter)), filling_(std::make_unique<EncodedLogs>()),
      last_export_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this] {
    name_this_thread("telegen-logexp");
    run();
  });
}

LogBatchProcessor::~LogBatchProcessor() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

void LogBatchProcessor::add(const LogView& record) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queued_ >= batch_.max_queue_size) {
      log_records_export_dropped.add();
      return;
    }
    exporter_->encode(record, *filling_);
    ++queued_;
    if (filling_->size() >= batch_.max_export_batch_size) {
      full_.push_back(std::exchange(filling_, empty_batch()));
      wake = true;
    }
  }
  if (wake)
    waker_.wake();
}

std::unique_ptr<EncodedLogs> LogBatchProcessor::next_batch(bool take_partial) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!full_.empty()) {
    std::unique_ptr<EncodedLogs> batch = std::move(full_.front());
    full_.pop_front();
    return batch;
  }
  if (!take_partial || filling_->empty())
    return nullptr;
  return std::exchange(filling_, empty_batch());
}

std::unique_ptr<EncodedLogs> LogBatchProcessor::empty_batch() {
  if (spare_.empty())
    return std::make_unique<EncodedLogs>();
  std::unique_ptr<EncodedLogs> batch = std::move(spare_.back());
  spare_.pop_back();
  return batch;
}

void LogBatchProcessor::send(std::unique_ptr<EncodedLogs> batch) {
  const std::size_t n = batch->size();
  bool delivered = false;
  if (!cancelled_.load(std::memory_order_acquire)) {
    try {
      delivered = exporter_->export_batch(*batch);
    } catch (...) {
      // A throwing exporter loses its batch, not the process.
    }
  }
  (delivered ? log_records_exported : log_records_export_failed).add(n);
  last_export_ = std::chrono::steady_clock::now();
  batch->clear();
  std::lock_guard<std::mutex> lock(mutex_);
  queued_ -= n;
  spare_.push_back(std::move(batch));
}

void LogBatchProcessor::run() {
  for (;;) {
    const BackgroundControl::Requests requests = control_.poll();
    const bool draining = requests.flushing || requests.stopping;
    for (;;) {
      const bool due = std::chrono::steady_clock::now() - last_export_ >= batch_.schedule_delay;
      std::unique_ptr<EncodedLogs> batch = next_batch(draining || due);
      if (!batch)
        break;
      send(std::move(batch));
    }
    if (requests.stopping) {
      control_.stopped();
      return;
    }
    if (requests.flushing)
      control_.flushed(requests.flush_target);
    const auto since = std::chrono::steady_clock::now() - last_export_;
    waker_.wait(std::max<std::chrono::nanoseconds>(batch_.schedule_delay - since,
                                                   std::chrono::milliseconds(1)));
  }
}

bool LogBatchProcessor::force_flush(std::chrono::nanoseconds timeout) {
  return control_.flush(waker_, timeout);
}

void LogBatchProcessor::shutdown(std::chrono::nanoseconds timeout) {
  control_.stop_and_join(waker_, thread_, timeout, [&] {
    cancelled_.store(true, std::memory_order_release);
    exporter_->cancel();
  });
}

} // namespace telegen::detail
