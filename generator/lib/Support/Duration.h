//===- Duration.h - Prometheus durations ------------------------*- C++ -*-===//
//
// Durations as Prometheus writes them in rule files and PromQL: whole
// numbers of units, largest unit first, each unit at most once ("30d",
// "1h30m", "500ms"). A year is 365 days and a week 7 days, as Prometheus
// counts them.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_DURATION_H
#define TELEGEN_SUPPORT_DURATION_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace telegen {

/// Milliseconds, or nullopt when Text is not a Prometheus duration (or
/// overflows). "0" is zero, as Prometheus reads it.
std::optional<uint64_t> parseDuration(llvm::StringRef Text);

/// A duration as Prometheus reads it, in the largest units that fit, years
/// and weeks only when whole: 5400000 is "1h30m", 86400000 "1d", 30 days
/// "30d", 14 days "2w", 0 "0s".
std::string formatDuration(uint64_t Milliseconds);

} // namespace telegen

#endif
