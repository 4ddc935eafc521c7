// What the runtime keeps per dependency for the health endpoints, and how a
// generated module declares its dependencies. For generated code only.
//
// The generator emits, per module whose schema declares dependencies:
//
//   inline constexpr ::telegen::detail::DependencyDescriptor dependency_descriptors[] = {
//       {"inventory", false},
//       {"payments", true},
//   };
//   inline ::telegen::detail::DependencyState dependency_states[2];
//   inline const ::telegen::detail::DependencyRegistration dependency_registration{
//       dependency_descriptors, dependency_states};
//
// and its resilience emitters report to dependency_states[index of the
// dependency enumerator].
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/metric_descriptor.hpp"
#include "telegen/resilience.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace telegen::detail {

// A dependency as the schema declares it. Critical ones gate /health/ready.
struct DependencyDescriptor {
  std::string_view name;
  bool critical;
};

// One dependency's breaker state, failures and recovery, as its resilience
// events report them. Constant-initialized, so events may report during
// static initialization. Thread-safe: any thread reports, the health
// endpoints read. Reporting never blocks (a failure reported while another
// thread writes the last error keeps that thread's error, which is just as
// recent).
class DependencyState {
public:
  // Last errors are kept up to this many bytes (cut on a UTF-8 boundary).
  static constexpr std::size_t error_capacity = 240;

  constexpr DependencyState() noexcept = default;
  DependencyState(const DependencyState&) = delete;
  DependencyState& operator=(const DependencyState&) = delete;

  // A breaker moved to `to` at `ticks` (event_ticks()). Returns the state
  // it left: the last state reported, or `usual_from` (the state a breaker
  // usually leaves for `to`) when none was. Moving to closed resets the
  // failure count and, after an outage (open or half-open), records the
  // recovery.
  BreakerState transition(BreakerState to, BreakerState usual_from, std::uint64_t ticks) noexcept;

  // A call to the dependency failed (a retry, its exhaustion, a timeout) at
  // `ticks`. `error` is the event's error field: a string, or null.
  void record_failure(const AttributeValue& error, std::uint64_t ticks) noexcept;

  // The permits of the dependency's bulkhead semaphore, for utilization.
  void set_semaphore_capacity(std::uint64_t permits) noexcept {
    semaphore_capacity_.store(permits, std::memory_order_relaxed);
  }

  // Read by the health endpoints. Times are the runtime's ticks, 0 for
  // never.
  struct Snapshot {
    BreakerState state = BreakerState::closed; // also before any report
    std::uint64_t changed_ticks = 0;
    std::uint64_t failures = 0;
    std::uint64_t last_failure_ticks = 0;
    char last_error[error_capacity] = {};
    std::size_t last_error_size = 0;
    std::uint64_t recovered_ticks = 0;
    std::uint64_t recovery_ticks = 0; // length of the last outage
    std::uint64_t semaphore_capacity = 0;
  };
  Snapshot snapshot() const noexcept;

private:
  static constexpr std::uint8_t unreported = 0xFF;

  std::atomic<std::uint8_t> breaker_{unreported};
  std::atomic<std::uint64_t> changed_ticks_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::atomic<std::uint64_t> last_failure_ticks_{0};
  std::atomic<std::uint64_t> opened_ticks_{0};
  std::atomic<std::uint64_t> recovered_ticks_{0};
  std::atomic<std::uint64_t> recovery_ticks_{0};
  std::atomic<std::uint64_t> semaphore_capacity_{0};
  // Guards last_error_: writers try it once and give up when it is taken;
  // the reader waits for it (a writer holds it for a copy of 240 bytes).
  mutable std::atomic<bool> error_busy_{false};
  std::size_t last_error_size_ = 0;
  char last_error_[error_capacity] = {};
};

// Makes a module's dependencies visible to the health endpoints. One per
// generated module, last; never unregistered. Thread-safe.
class DependencyRegistration {
public:
  template <std::size_t N>
  DependencyRegistration(const DependencyDescriptor (&descriptors)[N],
                         DependencyState (&states)[N]) noexcept
      : descriptors_(descriptors), states_(states) {
    register_self();
  }
  DependencyRegistration(const DependencyRegistration&) = delete;
  DependencyRegistration& operator=(const DependencyRegistration&) = delete;

  ConstSpan<DependencyDescriptor> descriptors() const noexcept { return descriptors_; }
  const DependencyState& state(std::size_t index) const noexcept { return states_[index]; }

private:
  void register_self() noexcept;

  ConstSpan<DependencyDescriptor> descriptors_;
  const DependencyState* states_;
};

// For emitters, by the dependency's enumerator. A value outside the
// enumerators (an unchecked cast) reports nothing.
template <std::size_t N, class Enum>
inline BreakerState breaker_transition(DependencyState (&states)[N], Enum dependency,
                                       BreakerState to, BreakerState usual_from,
                                       std::uint64_t ticks) noexcept {
  const auto index = static_cast<std::size_t>(dependency);
  return index < N ? states[index].transition(to, usual_from, ticks) : usual_from;
}

template <std::size_t N, class Enum>
inline void record_failure(DependencyState (&states)[N], Enum dependency,
                           const AttributeValue& error, std::uint64_t ticks) noexcept {
  const auto index = static_cast<std::size_t>(dependency);
  if (index < N)
    states[index].record_failure(error, ticks);
}

template <std::size_t N, class Enum>
inline void set_semaphore_capacity(DependencyState (&states)[N], Enum dependency,
                                   std::uint64_t permits) noexcept {
  const auto index = static_cast<std::size_t>(dependency);
  if (index < N)
    states[index].set_semaphore_capacity(permits);
}

} // namespace telegen::detail
