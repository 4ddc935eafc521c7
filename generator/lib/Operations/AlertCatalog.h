//===- AlertCatalog.h - The alerts telegen generates, and their defaults -*- C++
//-*-===//
//
// The resilience contract's alerts (one rule per dependency, or per pool)
// and the four alerts of the multi-window, multi-burn-rate method (per
// SLO), with the defaults docs/operations.md lists. The rule builders, the
// runbooks, the reference and the check of the service's own alert names
// all read this table.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_ALERTCATALOG_H
#define TELEGEN_OPERATIONS_ALERTCATALOG_H

#include "Schema/Model.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace telegen {
namespace operations {

/// An alert of the resilience contract.
struct ResilienceAlertInfo {
  /// The alertname: CircuitBreakerOpen.
  llvm::StringRef Name;
  /// The key a dependency tunes it with; none for the executor pools'.
  std::optional<schema::ResilienceAlert> Tuning;
  /// The metric it reads: its rules exist when the schema has it.
  llvm::StringRef Metric;
  /// Defaults: the threshold in the alert's unit, milliseconds for 'for'.
  double Threshold = 0;
  uint64_t For = 0;
};

llvm::ArrayRef<ResilienceAlertInfo> resilienceAlerts();
const ResilienceAlertInfo &resilienceAlert(schema::ResilienceAlert Key);

/// An alert of the multi-window, multi-burn-rate method: it fires while
/// the error budget burns Factor times faster than the SLO allows over both
/// windows.
struct BurnRateAlertInfo {
  llvm::StringRef Name; // ErrorBudgetBurn1h
  double Factor = 1;
  uint64_t LongWindow = 0;  // milliseconds
  uint64_t ShortWindow = 0; // milliseconds
  /// critical pages, warning opens a ticket.
  schema::AlertSeverity Severity = schema::AlertSeverity::Warning;
};

llvm::ArrayRef<BurnRateAlertInfo> burnRateAlerts();

/// The windows the SLO recording rules compute error ratios over, in
/// milliseconds, shortest first.
llvm::ArrayRef<uint64_t> sloWindows();

/// Every alertname telegen may generate, which the service's own alerts
/// may not take.
std::vector<llvm::StringRef> generatedAlertNames();

} // namespace operations
} // namespace telegen

#endif
