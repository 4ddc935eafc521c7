//===- SloQueries.h - The series an SLO's rules record and read -*- C++ -*-===//
//
// The names and expressions of an SLO's recording rules, shared by the
// rules themselves, their tests and the SLO dashboard, so a panel queries
// exactly what a rule records. Names follow Sloth's:
// slo:sli_error:ratio_rate5m{slo="orders_availability"}.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_SLOQUERIES_H
#define TELEGEN_OPERATIONS_SLOQUERIES_H

#include "Operations/Rules.h"
#include "Schema/Model.h"

#include <cstdint>
#include <string>

namespace telegen {
namespace operations {

/// The share of events the SLO allows to be bad: 0.001 for 99.9%.
double errorBudget(const schema::Slo &S);

/// The SLO's window in milliseconds (its 'window', a checked duration).
uint64_t sloWindow(const schema::Slo &S);

/// slo:sli_error:ratio_rate<window>, the window written unscaled.
std::string errorRatioRecord(uint64_t Window);
/// The record of the SLO's own window: spelled as the schema spells it,
/// unless it is one of the method's windows.
std::string sloWindowRecord(const schema::Slo &S);

/// slo:error_budget:remaining
std::string budgetRemainingRecord();

/// {slo="name"}
std::string sloSelector(const schema::Slo &S);

/// The matchers an error-ratio SLO selects its bad events with:
/// status_class="5xx", code=~"error|timeout".
std::vector<std::string> errorMatchers(const schema::Slo &S);

/// The error ratio of the SLO's metric over a window (scaled by O): bad
/// events over all events, 0 rather than nothing when there were no bad
/// ones.
std::string errorRatioExpr(const schema::Slo &S, uint64_t Window,
                           const Options &O);

} // namespace operations
} // namespace telegen

#endif
