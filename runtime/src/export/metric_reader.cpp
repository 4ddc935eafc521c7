#include "export/metric_reader.hpp"

#include "core/thread_name.hpp"
#include "export/export_counters.hpp"
#include "metrics/registry.hpp"

#include <algorithm>

namespace telegen::detail {
namespace {

std::uint64_t unix_nanos_now() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

} // namespace

MetricReader::MetricReader(const MetricsConfig& config, std::unique_ptr<MetricExporter> exporter)
    : config_(config), exporter_(std::move(exporter)) {
  thread_ = std::thread([this] {
    name_this_thread("telegen-metrics");
    run();
  });
}

MetricReader::~MetricReader() {
  if (thread_.joinable())
    shutdown(std::chrono::nanoseconds(0));
}

void MetricReader::push() {
  std::vector<FamilySnapshot> families;
  std::uint64_t now = 0;
  {
    std::lock_guard<std::mutex> lock(reading_);
    families = Registry::instance().collect();
    now = unix_nanos_now();
  }
  bool delivered = false;
  if (!cancelled_.load(std::memory_order_acquire)) {
    try {
      delivered = exporter_->export_metrics(families, now, config_.timeout);
    } catch (...) {
      // A throwing exporter loses this push, not the process.
    }
  }
  (delivered ? metric_exports : metric_exports_failed).add();
}

void MetricReader::run() {
  auto next = std::chrono::steady_clock::now() + config_.interval;
  for (;;) {
    const BackgroundControl::Requests requests = control_.poll();
    if (requests.flushing || requests.stopping || std::chrono::steady_clock::now() >= next) {
      push();
      next = std::chrono::steady_clock::now() + config_.interval;
    }
    if (requests.stopping) {
      control_.stopped();
      return;
    }
    if (requests.flushing)
      control_.flushed(requests.flush_target);
    waker_.wait(std::max<std::chrono::nanoseconds>(next - std::chrono::steady_clock::now(),
                                                   std::chrono::milliseconds(1)));
  }
}

bool MetricReader::force_flush(std::chrono::nanoseconds timeout) {
  return control_.flush(waker_, timeout);
}

void MetricReader::shutdown(std::chrono::nanoseconds timeout) {
  control_.stop_and_join(waker_, thread_, timeout, [&] {
    cancelled_.store(true, std::memory_order_release);
    exporter_->cancel();
  });
}

} // namespace telegen::detail
