//===- RuleTests.h - promtool unit tests of the generated alerts -*- C++
//-*-===//
//
// `promtool test rules` files for every alert telegen generates: for each
// resilience alert of each dependency and each burn-rate alert of each
// SLO, series that fire it (with its labels and annotations) and series
// that leave it silent (below its threshold, before its 'for', after a burn
// stopped). The service's own alerts get none: their expressions are
// theirs to test.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_RULETESTS_H
#define TELEGEN_OPERATIONS_RULETESTS_H

#include "Operations/Rules.h"
#include "Schema/Model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace telegen {
namespace operations {

struct TestSeries {
  /// metric{label="value"}
  std::string Series;
  /// promtool's expanding notation: "0+10x60".
  std::string Values;
};

struct ExpectedAlert {
  KeyValues Labels;
  KeyValues Annotations;
};

/// The alerts named AlertName that fire at EvalTime; none for a silent
/// case.
struct AlertCheck {
  uint64_t EvalTime = 0;
  std::string AlertName;
  std::vector<ExpectedAlert> Alerts;
};

struct RuleTest {
  std::string Name;
  /// Milliseconds between the series' samples.
  uint64_t Interval = 0;
  std::vector<TestSeries> Series;
  std::vector<AlertCheck> Checks;
};

/// A promtool test file: its tests share one evaluation interval.
struct RuleTestFile {
  /// Names the file: <stem>.<Name>.test.yml.
  std::string Name;
  /// Milliseconds between rule evaluations.
  uint64_t EvaluationInterval = 0;
  /// The order groups are evaluated in at each step: recording rules
  /// before the alerts that read them.
  std::vector<std::string> GroupOrder;
  std::vector<RuleTest> Tests;
};

/// "resilience": the contract's alerts, evaluated every (scaled) minute so
/// each 'for' is checked to the minute; "slo": the burn-rate alerts,
/// evaluated every hour so three days of series stay cheap (they have no
/// 'for'). A file without tests is left out.
std::vector<RuleTestFile> buildRuleTests(const schema::Model &M,
                                         const Options &O);

} // namespace operations
} // namespace telegen

#endif
