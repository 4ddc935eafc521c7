#include "support/multiprocess_scenario.hpp"

#include "telegen/exposition.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace telegen::test {

void exit_with_result() {
  const ::testing::TestResult* result =
      ::testing::UnitTest::GetInstance()->current_test_info()->result();
  for (int i = 0; i < result->total_part_count(); ++i) {
    const ::testing::TestPartResult& part = result->GetTestPartResult(i);
    if (part.failed())
      std::fprintf(stderr, "%s:%d: %s\n", part.file_name() ? part.file_name() : "?",
                   part.line_number(), part.message());
  }
  std::fflush(stderr);
  std::exit(::testing::Test::HasFailure() ? 1 : 0);
}

std::string share_metrics_in_temp_dir() {
  const std::string dir = make_temp_dir() + "/metrics";
  ::setenv("TELEGEN_METRICS_MULTIPROCESS_DIR", dir.c_str(), 1);
  return dir;
}

Exposition scrape() { return parse_exposition(metrics_text()); }

double sample(const Exposition& exposition, std::string_view name, const Labels& labels) {
  const std::optional<double> value = exposition.find(name, labels);
  EXPECT_TRUE(value.has_value()) << name << " with " << labels.size() << " labels is missing";
  return value.value_or(NAN);
}

} // namespace telegen::test
