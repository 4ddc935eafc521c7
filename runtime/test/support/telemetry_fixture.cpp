#include "telemetry_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace telegen::test {

std::string make_temp_dir() {
  std::string pattern = ::testing::TempDir() + "telegen-XXXXXX";
  const char* dir = mkdtemp(pattern.data());
  if (dir == nullptr)
    throw std::runtime_error("mkdtemp failed");
  return dir;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

bool is_lifecycle_line(const std::string& line) {
  for (std::string_view event : {"service_started", "configuration_loaded", "service_stopped"})
    if (line.find("\"logger\":\"telegen\",\"event\":\"" + std::string(event) + "\"") !=
        std::string::npos)
      return true;
  return false;
}

TelemetryTest::TelemetryTest() : dir_(make_temp_dir()) {
  config_.service_name = "telegen-test";
  config_.logs.file_path = dir_ + "/system.jsonl";
  config_.traces.file_path = dir_ + "/traces.jsonl";
}

const Value* find_attribute(const std::vector<KeyValue>& attributes, std::string_view key) {
  for (const KeyValue& kv : attributes)
    if (kv.key == key)
      return &kv.value;
  return nullptr;
}

const SpanData& span_named(const std::vector<SpanData>& spans, std::string_view name) {
  const SpanData* found = nullptr;
  int count = 0;
  for (const SpanData& span : spans)
    if (span.name == name) {
      found = &span;
      ++count;
    }
  if (count != 1)
    throw std::runtime_error("expected one span named " + std::string(name) + ", found " +
                             std::to_string(count));
  return *found;
}

} // namespace telegen::test
