// A fixture that starts telegen with an in-memory span exporter and logs
// in a fresh directory, and shuts it down after each test.
#pragma once

#include "telegen/config.hpp"
#include "telegen/exporter.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace telegen::test {

// Keeps every exported span. Thread-safe.
class CollectingExporter : public SpanExporter {
public:
  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    std::lock_guard<std::mutex> lock(mutex_);
    resource_ = resource;
    batch_sizes_.push_back(spans.size());
    spans_.insert(spans_.end(), spans.begin(), spans.end());
    changed_.notify_all();
    return true;
  }

  std::vector<SpanData> spans() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return spans_;
  }
  std::vector<std::size_t> batch_sizes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return batch_sizes_;
  }
  Resource resource() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return resource_;
  }
  // Waits until at least `count` spans arrived; false after `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return spans_.size() >= count; });
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Resource resource_;
  std::vector<std::size_t> batch_sizes_;
  std::vector<SpanData> spans_;
};

// Whether a log line is one of the runtime's lifecycle records.
bool is_lifecycle_line(const std::string& line);

// A fresh empty directory under the test temp dir.
std::string make_temp_dir();
// The file's lines, without their '\n'.
std::vector<std::string> read_lines(const std::string& path);

class TelemetryTest : public ::testing::Test {
protected:
  // How long a flush may take before the test fails. force_flush returns as
  // soon as everything is written, so only a broken flush waits this long;
  // a generous bound keeps a test of 800,000 records green on a machine
  // busy with other builds (10 s was not, at a load of 11 on 2 cores).
  static constexpr std::chrono::seconds flush_deadline{120};

  TelemetryTest();
  void TearDown() override { telegen::shutdown(); }

  // Starts telegen with `config` (its exporter set to exporter_).
  void start() {
    config_.traces.exporter = exporter_;
    telegen::start(config_);
  }
  // Flushes and returns every span exported so far.
  std::vector<SpanData> flushed_spans() {
    EXPECT_TRUE(telegen::force_flush(flush_deadline));
    return exporter_->spans();
  }
  // Flushes and returns the log file's lines, but for the runtime's own
  // lifecycle records (service_started, configuration_loaded: logger
  // telegen), which telemetry/lifecycle_test.cpp checks.
  std::vector<std::string> flushed_log_lines() {
    EXPECT_TRUE(telegen::force_flush(flush_deadline));
    std::vector<std::string> lines = read_lines(config_.logs.file_path);
    lines.erase(std::remove_if(lines.begin(), lines.end(), is_lifecycle_line), lines.end());
    return lines;
  }
  // The same lines, parsed.
  std::vector<Json> flushed_records() {
    std::vector<Json> records;
    for (const std::string& line : flushed_log_lines())
      records.push_back(parse_json(line));
    return records;
  }

  std::string dir_;
  Config config_;
  std::shared_ptr<CollectingExporter> exporter_ = std::make_shared<CollectingExporter>();
};

// The value of the attribute `key`, or nullptr when absent.
const Value* find_attribute(const std::vector<KeyValue>& attributes, std::string_view key);
// The span named `name`; fails the test when there is not exactly one.
const SpanData& span_named(const std::vector<SpanData>& spans, std::string_view name);

} // namespace telegen::test
