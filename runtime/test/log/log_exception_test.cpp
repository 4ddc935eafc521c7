// log_exception: the exception being handled, as a record with the
// OpenTelemetry exception fields and its stack.
#include "telegen/log_exception.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace telegen {
namespace {

using test::Json;
using test::parse_json;

class LogExceptionTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

[[gnu::noinline]] void charge() {
  try {
    throw std::domain_error("card declined");
  } catch (...) {
    log_exception(Level::warning, "orders", "charge_declined");
  }
}

TEST_F(LogExceptionTest, ARecordCarriesTypeMessageAndStack) {
  charge();
  try {
    throw 7;
  } catch (int) {
    log_exception(Level::error, "orders", "odd");
  }
  const auto lines = flushed_log_lines();
  ASSERT_EQ(lines.size(), 2u);
  const Json declined = parse_json(lines[0]);
  EXPECT_EQ(declined["level"].str(), "WARNING");
  EXPECT_EQ(declined["event"].str(), "charge_declined");
  EXPECT_EQ(declined["func_name"].str(), "charge");
  EXPECT_EQ(declined["exception.type"].str(), "std::domain_error");
  EXPECT_EQ(declined["exception.message"].str(), "card declined");
  const std::string stack = declined["exception.stacktrace"].str();
  EXPECT_EQ(stack.rfind("#0 telegen::(anonymous namespace)::charge() at ", 0), 0u) << stack;
  EXPECT_NE(stack.find("log_exception_test.cpp:28\n"), std::string::npos) << stack;
  EXPECT_NE(stack.find("ARecordCarriesTypeMessageAndStack"), std::string::npos) << stack;

  const Json odd = parse_json(lines[1]);
  EXPECT_EQ(odd["exception.type"].str(), "int");
  EXPECT_TRUE(odd["exception.message"].is_null());
}

TEST_F(LogExceptionTest, BelowTheLevelNothingIsWritten) {
  try {
    throw std::runtime_error("quiet");
  } catch (...) {
    log_exception(Level::debug, "orders", "quiet");
  }
  EXPECT_TRUE(flushed_log_lines().empty());
}

} // namespace
} // namespace telegen
