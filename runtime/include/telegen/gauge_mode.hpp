// How a gauge is combined over the processes of a multi-process service
// (docs/metrics.md#multi-process-metrics). Counters and histograms are
// always summed; a gauge is set, not counted, so its schema (or its
// run-time registration) says what one /metrics shows for it. The modes
// and their names are those of the Prometheus Python client's
// multiprocess mode. In a single process every mode shows the process's
// own value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace telegen {

enum class GaugeMode : std::uint8_t {
  all,     // one series per process, labelled pid, exited processes included (the default)
  liveall, // one series per running process, labelled pid
  sum,     // the sum over every process, exited ones at their last value
  livesum, // the sum over running processes
  max,     // the largest value of any process, exited ones included
  min,     // the smallest value of any process, exited ones included
};

// The mode's name in a schema ("livesum").
constexpr std::string_view name(GaugeMode mode) noexcept {
  constexpr std::string_view names[] = {"all", "liveall", "sum", "livesum", "max", "min"};
  return names[static_cast<std::size_t>(mode)];
}

// Whether the mode shows one series per process, with a `pid` label.
constexpr bool labels_pid(GaugeMode mode) noexcept {
  return mode == GaugeMode::all || mode == GaugeMode::liveall;
}

// Whether the mode leaves out processes that have exited.
constexpr bool live_only(GaugeMode mode) noexcept {
  return mode == GaugeMode::liveall || mode == GaugeMode::livesum;
}

} // namespace telegen
