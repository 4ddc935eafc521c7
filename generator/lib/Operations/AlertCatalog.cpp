//===- AlertCatalog.cpp - The alerts telegen generates, and their defaults ===//
#include "Operations/AlertCatalog.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;
using telegen::schema::AlertSeverity;
using telegen::schema::ResilienceAlert;

namespace telegen {
namespace operations {
namespace {

constexpr uint64_t Minute = 60 * 1000;
constexpr uint64_t Hour = 60 * Minute;
constexpr uint64_t Day = 24 * Hour;

} // namespace

ArrayRef<ResilienceAlertInfo> resilienceAlerts() {
  static const ResilienceAlertInfo Alerts[] = {
      {"CircuitBreakerOpen", ResilienceAlert::CircuitBreakerOpen,
       "circuit_breaker_state", 0, 1 * Minute},
      {"CircuitBreakerHalfOpen", ResilienceAlert::CircuitBreakerHalfOpen,
       "circuit_breaker_state", 0, 5 * Minute},
      {"RetryRateHigh", ResilienceAlert::RetryRate, "retry_attempts_total", 1,
       5 * Minute},
      {"TimeoutRateHigh", ResilienceAlert::TimeoutRate,
       "timeout_exceeded_total", 0.1, 5 * Minute},
      {"BulkheadRejecting", ResilienceAlert::BulkheadRejections,
       "bulkhead_rejections_total", 0, 5 * Minute},
      {"SemaphoreExhausted", ResilienceAlert::SemaphoreExhausted,
       "semaphore_available", 0.1, 5 * Minute},
      {"ExecutorPoolSaturated", std::nullopt, "executor_active_workers", 0.9,
       5 * Minute},
  };
  return Alerts;
}

const ResilienceAlertInfo &resilienceAlert(ResilienceAlert Key) {
  return *find_if(resilienceAlerts(), [&](const ResilienceAlertInfo &A) {
    return A.Tuning == Key;
  });
}

ArrayRef<BurnRateAlertInfo> burnRateAlerts() {
  // The Site Reliability Workbook's: 2% of a 30-day budget in an hour, 5%
  // in six hours page; 10% in a day, 10% in three days open a ticket.
  static const BurnRateAlertInfo Alerts[] = {
      {"ErrorBudgetBurn1h", 14.4, 1 * Hour, 5 * Minute,
       AlertSeverity::Critical},
      {"ErrorBudgetBurn6h", 6, 6 * Hour, 30 * Minute, AlertSeverity::Critical},
      {"ErrorBudgetBurn1d", 3, 1 * Day, 2 * Hour, AlertSeverity::Warning},
      {"ErrorBudgetBurn3d", 1, 3 * Day, 6 * Hour, AlertSeverity::Warning},
  };
  return Alerts;
}

ArrayRef<uint64_t> sloWindows() {
  static const uint64_t Windows[] = {
      5 * Minute, 30 * Minute, 1 * Hour, 2 * Hour, 6 * Hour, 1 * Day, 3 * Day};
  return Windows;
}

std::vector<StringRef> generatedAlertNames() {
  std::vector<StringRef> Names;
  for (const ResilienceAlertInfo &A : resilienceAlerts())
    Names.push_back(A.Name);
  for (const BurnRateAlertInfo &A : burnRateAlerts())
    Names.push_back(A.Name);
  return Names;
}

} // namespace operations
} // namespace telegen
