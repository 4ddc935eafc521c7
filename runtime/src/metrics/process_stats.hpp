// What Linux's /proc says about a process: whether it still runs, and the
// figures of the standard process metrics (metrics/process_metrics.cpp).
#pragma once

#include "metrics/multiprocess_format.hpp"

#include <cstdint>
#include <optional>

namespace telegen::detail {

// From /proc/<pid>/stat.
struct ProcessStats {
  char state = '?'; // R, S, D, Z (zombie), X (dead), ...
  double cpu_seconds = 0;
  std::uint64_t start_ticks = 0; // clock ticks after boot
  std::uint64_t virtual_bytes = 0;
  std::uint64_t resident_bytes = 0;
  std::int64_t threads = 0;
};

// Nullopt when the process does not exist (or /proc is not readable).
std::optional<ProcessStats> read_process_stats(std::int64_t pid) noexcept;
// Entries of /proc/<pid>/fd.
std::optional<std::uint64_t> count_open_fds(std::int64_t pid) noexcept;
// The soft limit of "Max open files" in /proc/<pid>/limits.
std::optional<std::uint64_t> max_open_fds(std::int64_t pid) noexcept;
// Seconds since the Unix epoch of a start time in ticks after boot.
double start_time_seconds(std::uint64_t start_ticks) noexcept;

// The calling process: pid, start ticks, boot id, start time.
multiprocess::ProcessIdentity own_identity() noexcept;

// Whether `process` is running: a process with its pid exists, started at
// the same tick of the same boot (as far as its boot id, or the start of
// it, tells), and is not a zombie. A process in
// another pid namespace is not seen, so it counts as exited.
bool is_running(const multiprocess::ProcessIdentity& process) noexcept;

} // namespace telegen::detail
