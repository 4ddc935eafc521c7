#include "trace/span_processor.hpp"

#include "metrics/counters.hpp"

#include <algorithm>

namespace telegen::detail {
namespace {

constexpr std::chrono::milliseconds drain_interval{200};

} // namespace

SpanProcessor::SpanProcessor(QueueSet& queues, const TracesConfig& config, Resource resource,
                             std::shared_ptr<SpanExporter> exporter)
    : queues_(queues), batch_(config.batch), resource_(std::move(resource)),
      exporter_(std::move(exporter)), tail_(config.sampling),
      last_export_(std::chrono::steady_clock::now()) {
  pending_.reserve(batch_.max_queue_size);
  thread_ = std::thread([this] { run(); });
}

SpanProcessor::~SpanProcessor() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

bool SpanProcessor::drain() {
  clock_.refresh();
  bool left = false;
  queues_.for_each([&](QueueSet::Entry& entry) {
    const std::size_t room =
        batch_.max_queue_size - std::min(batch_.max_queue_size, pending_.size());
    entry.queue.consume(
        [&](const std::byte* record, std::size_t size) {
          const SpanRecordHeader header = SpanDecoder::header_of(record);
          SpanData span;
          if (!spare_.empty()) {
            span = std::move(spare_.back());
            spare_.pop_back();
          }
          decoder_.decode(record, size, clock_, span);
          if (header.recording == Recording::held)
            tail_.add(std::move(span), header.local_root, pending_);
          else
            pending_.push_back(std::move(span));
        },
        room);
    left |= entry.queue.has_records();
  });
  tail_.end_pass(pending_);
  return left;
}

void SpanProcessor::export_batch() {
  const std::size_t n = std::min(pending_.size(), batch_.max_export_batch_size);
  batch_buffer_.assign(std::make_move_iterator(pending_.begin()),
                       std::make_move_iterator(pending_.begin() + n));
  pending_.erase(pending_.begin(), pending_.begin() + n);
  last_export_ = std::chrono::steady_clock::now();
  if (cancelled_.load(std::memory_order_acquire)) {
    spans_export_failed.add(n);
    batch_buffer_.clear();
    return;
  }
  bool delivered = false;
  try {
    delivered = exporter_->export_batch(resource_, batch_buffer_);
  } catch (...) {
    // A throwing exporter loses its batch, not the process.
  }
  (delivered ? spans_exported : spans_export_failed).add(n);
  for (SpanData& span : batch_buffer_)
    if (spare_.size() < batch_.max_queue_size)
      spare_.push_back(std::move(span));
  batch_buffer_.clear();
}

void SpanProcessor::run() {
  for (;;) {
    const BackgroundControl::Requests requests = control_.poll();
    const bool flushing = requests.flushing || requests.stopping;
    bool left = drain();
    // A flush also covers traces whose root ended before it: their tail
    // decision comes one pass after the root was read.
    if (flushing)
      left = drain();
    while (!pending_.empty() &&
           (flushing || pending_.size() >= batch_.max_export_batch_size ||
            std::chrono::steady_clock::now() - last_export_ >= batch_.schedule_delay)) {
      export_batch();
      if (flushing && pending_.empty() && left)
        left = drain();
    }
    if (requests.stopping) {
      tail_.decide_all(pending_);
      while (!pending_.empty())
        export_batch();
      try {
        exporter_->shutdown();
      } catch (...) {
      }
      control_.stopped();
      return;
    }
    if (requests.flushing)
      control_.flushed(requests.flush_target);
    if (left)
      continue;
    // Producers wake the thread early when a queue fills up; it also looks
    // every drain_interval, so that a batch fills up without waiting for
    // the schedule delay.
    const auto since_export = std::chrono::steady_clock::now() - last_export_;
    const auto until_export = batch_.schedule_delay > since_export
                                  ? batch_.schedule_delay - since_export
                                  : std::chrono::steady_clock::duration(0);
    queues_.waker().wait(std::clamp<std::chrono::nanoseconds>(
        until_export, std::chrono::milliseconds(1), drain_interval));
  }
}

bool SpanProcessor::force_flush(std::chrono::nanoseconds timeout) {
  return control_.flush(queues_.waker(), timeout);
}

void SpanProcessor::shutdown(std::chrono::nanoseconds timeout) {
  if (!control_.stop(queues_.waker(), timeout)) {
    cancelled_.store(true, std::memory_order_release);
    exporter_->cancel();
  }
  if (thread_.joinable())
    thread_.join();
}

} // namespace telegen::detail
