// Escaped exceptions reach the registered recorder once each, grouped by
// (type, function), with the stack the first time a pair is seen.
#include "telegen/detail/error_tracking.hpp"

#include "telegen/detail/self_metrics.hpp"
#include "telegen/span.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace telegen::detail {
namespace {

struct Report {
  std::string type;
  std::optional<std::string> message;
  std::string function;
  bool first_seen;
  std::string stacktrace;
};

std::vector<Report> reports;

void collect(const EscapedError& error) noexcept {
  reports.push_back({std::string(error.type),
                     error.message != nullptr ? std::optional<std::string>(error.message)
                                              : std::nullopt,
                     std::string(error.site->function), error.first_seen,
                     std::string(error.stacktrace)});
}

// Each test's sites are its own: pairs are seen once per process.
constexpr SpanSite parse_site{"config.parse", SpanKind::internal, "config::parse", "config.cpp", 3};
constexpr SpanSite load_site{"config.load", SpanKind::internal, "config::load", "config.cpp", 9};
constexpr SpanSite any_site{"any", SpanKind::internal, "catch_all", "any.cpp", 1};
constexpr SpanSite bare_site{"bare", SpanKind::internal, "unregistered", "bare.cpp", 1};

class ErrorTrackingTest : public ::testing::Test {
protected:
  void SetUp() override {
    reports.clear();
    ErrorTrackingRegistration registration(&collect);
  }
  void TearDown() override { ErrorTrackingRegistration registration(nullptr); }
};

// An instrumented function's handlers, as telegen instrument writes them.
[[gnu::noinline]] void parse(int value) {
  try {
    if (value < 0)
      throw std::invalid_argument("negative");
    if (value == 0)
      throw std::out_of_range("zero");
  } catch (const std::exception& e) {
    exception_escaped(parse_site, e);
    throw;
  } catch (...) {
    exception_escaped(parse_site);
    throw;
  }
}

[[gnu::noinline]] void load(int value) {
  try {
    parse(value);
  } catch (const std::exception& e) {
    exception_escaped(load_site, e);
    throw;
  } catch (...) {
    exception_escaped(load_site);
    throw;
  }
}

void call(void (*function)(int), int value) {
  try {
    function(value);
  } catch (...) {
  }
}

TEST_F(ErrorTrackingTest, EachPairIsFirstSeenOnceWithItsStack) {
  call(parse, -1);
  call(parse, -2);
  call(parse, 0);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].type, "std::invalid_argument");
  EXPECT_EQ(reports[0].message, "negative");
  EXPECT_EQ(reports[0].function, "config::parse");
  EXPECT_TRUE(reports[0].first_seen);
  EXPECT_EQ(reports[0].stacktrace.rfind("#0 telegen::detail::(anonymous namespace)::parse(int) at ",
                                        0),
            0u)
      << reports[0].stacktrace;
  EXPECT_NE(reports[0].stacktrace.find("error_tracking_test.cpp:59\n"), std::string::npos)
      << reports[0].stacktrace;
  EXPECT_FALSE(reports[1].first_seen) << "the same pair again";
  EXPECT_EQ(reports[1].stacktrace, "") << "the stack is taken for a first pair only";
  EXPECT_EQ(reports[2].type, "std::out_of_range");
  EXPECT_TRUE(reports[2].first_seen) << "another type at the same site";
}

TEST_F(ErrorTrackingTest, AnExceptionRethrownThroughOuterFunctionsIsReportedByTheInnermost) {
  call(load, -1);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].function, "config::parse");
}

TEST_F(ErrorTrackingTest, ANewExceptionOfTheSameTypeIsReportedAgain) {
  for (int i = 0; i < 2; ++i) {
    try {
      throw std::runtime_error("again");
    } catch (const std::exception& e) {
      exception_escaped(load_site, e);
    }
  }
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].first_seen);
  EXPECT_FALSE(reports[1].first_seen);
}

TEST_F(ErrorTrackingTest, CatchAllNamesAnyTypeAndHasNoMessageForNonStandardOnes) {
  try {
    throw 42;
  } catch (...) {
    exception_escaped(any_site);
  }
  try {
    throw std::length_error("too long");
  } catch (...) {
    exception_escaped(any_site);
  }
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].type, "int");
  EXPECT_EQ(reports[0].message, std::nullopt);
  EXPECT_EQ(reports[1].type, "std::length_error");
  EXPECT_EQ(reports[1].message, "too long");
}

TEST_F(ErrorTrackingTest, WithoutARecorderNothingIsReported) {
  ErrorTrackingRegistration none(nullptr);
  try {
    throw std::runtime_error("unseen");
  } catch (const std::exception& e) {
    exception_escaped(bare_site, e);
  }
  EXPECT_TRUE(reports.empty());
  // Nor remembered: with a recorder, the pair is still new.
  ErrorTrackingRegistration registration(&collect);
  try {
    throw std::runtime_error("seen");
  } catch (const std::exception& e) {
    exception_escaped(bare_site, e);
  }
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].first_seen);
}

std::uint64_t untracked_count() {
  for (SelfCounter* c = first_self_counter(); c != nullptr; c = c->next())
    if (c->name() == "telegen_error_pairs_untracked_total")
      return c->value();
  ADD_FAILURE() << "no telegen_error_pairs_untracked_total";
  return 0;
}

TEST_F(ErrorTrackingTest, PairsPastTheLimitAreNeverFirstAndAreCounted) {
  const std::uint64_t before = untracked_count();
  // These 1100 exceed the 1024 tracked (fewer when other tests of this
  // process saw pairs before).
  std::vector<std::string> functions;
  for (int i = 0; i < 1100; ++i)
    functions.push_back("function_" + std::to_string(i));
  for (const std::string& function : functions) {
    const SpanSite site{"many", SpanKind::internal, function, "many.cpp", 1};
    try {
      throw std::runtime_error("many");
    } catch (const std::exception& e) {
      exception_escaped(site, e);
    }
  }
  ASSERT_EQ(reports.size(), 1100u);
  std::size_t first = 0;
  for (const Report& r : reports)
    first += r.first_seen ? 1 : 0;
  EXPECT_LE(first, 1024u);
  EXPECT_GT(first, 1000u);
  EXPECT_EQ(untracked_count() - before, 1100u - first);
  EXPECT_FALSE(reports.back().first_seen);
}

} // namespace
} // namespace telegen::detail
