// How a gauge's values in the processes of a multi-process service become
// what a scrape shows (telegen/gauge_mode.hpp): for generated modules
// (module_snapshot.cpp) and run-time families (user_snapshot.cpp) alike.
#pragma once

#include "telegen/gauge_mode.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace telegen::detail {

// One process's value of one gauge series.
struct GaugeValue {
  std::int64_t pid;
  bool running;
  double value;
};

// Calls `emit(pid, value)` for what the mode shows: once per process
// (running ones for liveall) in the order given, or once with pid 0 (no
// pid label) for the sum, maximum or minimum (0 when no process counts).
template <class Emit>
void combine_gauge(GaugeMode mode, const std::vector<GaugeValue>& values, Emit&& emit) {
  bool any = false;
  double combined = 0;
  for (const GaugeValue& value : values) {
    if (live_only(mode) && !value.running)
      continue;
    if (labels_pid(mode)) {
      emit(value.pid, value.value);
      continue;
    }
    if (mode == GaugeMode::max)
      combined = any ? std::max(combined, value.value) : value.value;
    else if (mode == GaugeMode::min)
      combined = any ? std::min(combined, value.value) : value.value;
    else
      combined += value.value;
    any = true;
  }
  if (!labels_pid(mode))
    emit(std::int64_t{0}, combined);
}

} // namespace telegen::detail
