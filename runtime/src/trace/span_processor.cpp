#include "trace/span_processor.hpp"

#include "core/thread_name.hpp"
#include "metrics/counters.hpp"

#include <algorithm>
#include <utility>

namespace telegen::detail {
namespace {

constexpr std::chrono::milliseconds drain_interval{200};

} // namespace

SpanProcessor::SpanProcessor(QueueSet& queues, const TracesConfig& config, Resource resource,
                             std::shared_ptr<SpanExporter> exporter)
    : queues_(queues), batch_(config.batch), resource_(std::move(resource)),
      exporter_(std::move(exporter)),
      view_exporter_(dynamic_cast<SpanViewExporter*>(exporter_.get())), tail_(config.sampling),
      last_export_(std::chrono::steady_clock::now()) {
  pending_.reserve(batch_.max_queue_size);
  thread_ = std::thread([this] {
    name_this_thread("telegen-spans");
    run();
  });
}

SpanProcessor::~SpanProcessor() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

SpanData SpanProcessor::spare_span() {
  if (spare_.empty())
    return {};
  SpanData span = std::move(spare_.back());
  spare_.pop_back();
  return span;
}

bool SpanProcessor::drain() {
  clock_.refresh();
  bool left = false;
  const std::size_t bound =
      view_exporter_ != nullptr ? batch_.max_export_batch_size : batch_.max_queue_size;
  queues_.for_each([&](QueueSet::Entry& entry) {
    const std::size_t room = bound - std::min(bound, batched());
    entry.queue.consume(
        [&](const std::byte* record, std::size_t size) {
          const SpanRecordHeader header = SpanDecoder::header_of(record);
          if (header.recording != Recording::held && view_exporter_ != nullptr) {
            if (!view_exporter_->add_record(record, size, clock_)) {
              decoder_.decode(record, size, clock_, view_);
              view_exporter_->add(view_);
            }
            ++in_view_batch_;
            return;
          }
          decoder_.decode(record, size, clock_, view_);
          SpanData span = spare_span();
          to_span_data(view_, span);
          if (header.recording == Recording::held)
            tail_.add(std::move(span), header.local_root, pending_);
          else
            pending_.push_back(std::move(span));
        },
        room);
    left |= entry.queue.has_records();
  });
  tail_.end_pass(pending_);
  add_kept_to_view_batch();
  return left;
}

void SpanProcessor::add_kept_to_view_batch() {
  if (view_exporter_ == nullptr)
    return;
  for (SpanData& span : pending_) {
    view_of(span, view_);
    view_exporter_->add(view_);
    ++in_view_batch_;
    if (spare_.size() < batch_.max_queue_size)
      spare_.push_back(std::move(span));
  }
  pending_.clear();
}

void SpanProcessor::export_batch() {
  last_export_ = std::chrono::steady_clock::now();
  if (view_exporter_ != nullptr) {
    const std::size_t n = std::exchange(in_view_batch_, 0);
    if (cancelled_.load(std::memory_order_acquire)) {
      view_exporter_->discard_batch();
      spans_export_failed.add(n);
      return;
    }
    bool delivered = false;
    try {
      delivered = view_exporter_->send_batch(resource_, n);
    } catch (...) {
      // A throwing exporter loses its batch, not the process.
    }
    (delivered ? spans_exported : spans_export_failed).add(n);
    return;
  }
  const std::size_t n = std::min(pending_.size(), batch_.max_export_batch_size);
  batch_buffer_.assign(std::make_move_iterator(pending_.begin()),
                       std::make_move_iterator(pending_.begin() + n));
  pending_.erase(pending_.begin(), pending_.begin() + n);
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
    while (batched() != 0 &&
           (flushing || batched() >= batch_.max_export_batch_size ||
            std::chrono::steady_clock::now() - last_export_ >= batch_.schedule_delay)) {
      export_batch();
      if (flushing && batched() == 0 && left)
        left = drain();
    }
    if (requests.stopping) {
      tail_.decide_all(pending_);
      add_kept_to_view_batch();
      while (batched() != 0)
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
  control_.stop_and_join(queues_.waker(), thread_, timeout, [&] {
    cancelled_.store(true, std::memory_order_release);
    exporter_->cancel();
  });
}

} // namespace telegen::detail
