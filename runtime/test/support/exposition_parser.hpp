// A strict reader of the exposition formats for tests: every line must be a
// comment or a well-formed sample, label values are unescaped, so a test can
// check what a scraper would read back.
#pragma once

#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen::test {

using Labels = std::vector<std::pair<std::string, std::string>>;

// An OpenMetrics exemplar: ` # {labels} value timestamp` after a sample.
struct SampleExemplar {
  Labels labels;
  double value = 0;
  double timestamp = 0;
};

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  std::optional<SampleExemplar> exemplar;
};

struct Exposition {
  std::vector<std::string> comments; // lines starting with '#', without the '#'
  std::vector<Sample> samples;

  // The value of the sample with exactly this name and label set.
  std::optional<double> find(std::string_view name, const Labels& labels = {}) const {
    for (const Sample& sample : samples)
      if (sample.name == name && sample.labels == labels)
        return sample.value;
    return std::nullopt;
  }
  // The sample with exactly this name and label set, or null.
  const Sample* sample(std::string_view name, const Labels& labels = {}) const {
    for (const Sample& sample : samples)
      if (sample.name == name && sample.labels == labels)
        return &sample;
    return nullptr;
  }
  std::size_t count(std::string_view name) const {
    std::size_t n = 0;
    for (const Sample& sample : samples)
      n += sample.name == name;
    return n;
  }
};

inline double parse_value(std::string_view text) {
  if (text == "NaN")
    return std::numeric_limits<double>::quiet_NaN();
  if (text == "+Inf")
    return std::numeric_limits<double>::infinity();
  if (text == "-Inf")
    return -std::numeric_limits<double>::infinity();
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || *end != '\0')
    throw std::runtime_error("bad sample value: " + copy);
  return value;
}

// Reads `{name="value",...}` from line[i] on (i just after the '}').
inline Labels parse_labels(std::string_view line, std::size_t& i) {
  Labels labels;
  if (line.at(i) != '{')
    throw std::runtime_error("no label set in: " + std::string(line));
  ++i;
  while (line.at(i) != '}') {
    std::string name;
    while (line.at(i) != '=')
      name += line[i++];
    if (line.at(++i) != '"')
      throw std::runtime_error("label value not quoted: " + std::string(line));
    std::string value;
    for (++i; line.at(i) != '"'; ++i) {
      if (line[i] != '\\') {
        value += line[i];
        continue;
      }
      const char escaped = line.at(++i);
      if (escaped == 'n')
        value += '\n';
      else if (escaped == '\\' || escaped == '"')
        value += escaped;
      else
        throw std::runtime_error("bad escape in: " + std::string(line));
    }
    ++i;
    labels.emplace_back(std::move(name), std::move(value));
    if (line.at(i) == ',')
      ++i;
  }
  ++i;
  return labels;
}

// ` # {labels} value timestamp`, the rest of a sample line.
inline SampleExemplar parse_exemplar(std::string_view line, std::size_t i) {
  SampleExemplar exemplar;
  exemplar.labels = parse_labels(line, i);
  const std::size_t space = line.find(' ', i + 1);
  if (line.at(i) != ' ' || space == std::string_view::npos)
    throw std::runtime_error("exemplar without value and timestamp: " + std::string(line));
  exemplar.value = parse_value(line.substr(i + 1, space - i - 1));
  exemplar.timestamp = parse_value(line.substr(space + 1));
  return exemplar;
}

inline Sample parse_sample(std::string_view line) {
  Sample sample;
  std::size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ')
    sample.name += line[i++];
  if (i < line.size() && line[i] == '{')
    sample.labels = parse_labels(line, i);
  if (line.at(i) != ' ')
    throw std::runtime_error("no space before value: " + std::string(line));
  const std::size_t exemplar = line.find(" # ", i);
  sample.value = parse_value(line.substr(i + 1, exemplar == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : exemplar - i - 1));
  if (exemplar != std::string_view::npos)
    sample.exemplar = parse_exemplar(line, exemplar + 3);
  return sample;
}

inline Exposition parse_exposition(std::string_view text) {
  Exposition exposition;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos)
      throw std::runtime_error("exposition does not end with a line feed");
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (!line.empty() && line[0] == '#')
      exposition.comments.emplace_back(line.substr(1));
    else
      exposition.samples.push_back(parse_sample(line));
  }
  return exposition;
}

// The exposition without the process metrics (their lines name a family
// starting with process_), which /proc gives anew at every scrape: what is
// left is the same from scrape to scrape when no metric changes.
inline std::string without_process_metrics(std::string_view text) {
  std::string kept;
  while (!text.empty()) {
    const std::string_view line = text.substr(0, text.find('\n') + 1);
    text.remove_prefix(line.size());
    const bool comment = line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0 ||
                         line.rfind("# UNIT ", 0) == 0;
    if (line.substr(comment ? 7 : 0).rfind("process_", 0) != 0)
      kept.append(line);
  }
  return kept;
}

} // namespace telegen::test
