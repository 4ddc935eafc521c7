// Multi-process metrics are decided once per process, at its first metric
// update; each scenario of the multi-process tests therefore runs in a
// process of its own, which gtest starts by executing the test binary again
// (its "threadsafe" death-test style), and shares its metrics in a fresh
// directory.
//
//   TEST(Multiprocess, Something) {
//     test::in_fresh_process([] {
//       const std::string dir = test::share_metrics_in_temp_dir();
//       ...                                 // EXPECT_... as usual
//     });
//   }
#pragma once

#include "support/exposition_parser.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>

namespace telegen::test {

// Runs `scenario` in a new process; the test fails if an expectation in it
// fails (the process's output, on stderr, shows which), or if its stderr
// does not match `stderr_pattern` (a POSIX extended regular expression).
#define TELEGEN_IN_FRESH_PROCESS(scenario, stderr_pattern)                                         \
  do {                                                                                             \
    GTEST_FLAG_SET(death_test_style, "threadsafe");                                                \
    EXPECT_EXIT(                                                                                   \
        {                                                                                          \
          scenario();                                                                              \
          ::telegen::test::exit_with_result();                                                     \
        },                                                                                         \
        ::testing::ExitedWithCode(0), stderr_pattern);                                             \
  } while (false)

// Leaves the scenario's process: 0 when every expectation held, else 1
// after writing the failed ones to stderr (gtest does not report them from
// the process of a death test, whose stderr the test shows).
[[noreturn]] void exit_with_result();

// Makes the calling process (and those it forks) share its metrics in a new
// directory, through TELEGEN_METRICS_MULTIPROCESS_DIR; returns the directory.
std::string share_metrics_in_temp_dir();

// The current exposition of this process, parsed.
Exposition scrape();

// The value of one sample, NaN (and a failed expectation) when absent.
double sample(const Exposition& exposition, std::string_view name, const Labels& labels = {});

} // namespace telegen::test
