// traceparent parsing and producing, case by case from W3C Trace Context
// Level 2 ("traceparent Header Field Values", "Versioning of traceparent").
#include "telegen/propagation.hpp"

#include <gtest/gtest.h>

namespace telegen {
namespace {

constexpr const char* valid = "00-12345678901234567890123456789012-1234567890123456-01";

bool parses(std::string_view value) { return parse_traceparent(value).has_value(); }

TEST(Traceparent, ParsesTheFieldsOfAValidHeader) {
  const auto context = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context->span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled());
  EXPECT_TRUE(context->remote);
  EXPECT_FALSE(
      parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")->sampled());
}

TEST(Traceparent, FlagsAreBitsNotValues) {
  EXPECT_EQ(parse_traceparent("00-12345678901234567890123456789012-1234567890123456-03")->flags,
            trace_flags::sampled | trace_flags::random);
  EXPECT_EQ(parse_traceparent("00-12345678901234567890123456789012-1234567890123456-02")->flags,
            trace_flags::random);
  // Reserved bits are ignored when received and never sent.
  EXPECT_EQ(parse_traceparent("00-12345678901234567890123456789012-1234567890123456-ff")->flags,
            trace_flags::sampled | trace_flags::random);
}

TEST(Traceparent, Version00MustBeExactly55Characters) {
  EXPECT_TRUE(parses(valid));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456-01."));
  EXPECT_FALSE(parses(
      "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like"));
}

TEST(Traceparent, AHigherVersionIsParsedAsVersion00PlusFields) {
  const auto context = parse_traceparent("cc-12345678901234567890123456789012-1234567890123456-01");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->trace_id.to_hex(), "12345678901234567890123456789012");
  EXPECT_TRUE(parses(
      "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like"));
  EXPECT_FALSE(parses(
      "cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like"));
  // Too short for any version.
  EXPECT_FALSE(parses("cc-12345678901234567890123456789012-1234567890123456-0"));
}

TEST(Traceparent, VersionFfIsForbidden) {
  EXPECT_FALSE(parses("ff-12345678901234567890123456789012-1234567890123456-01"));
}

TEST(Traceparent, VersionMustBeTwoLowercaseHexDigits) {
  EXPECT_FALSE(parses(".0-12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("0.-12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("000-12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("0000-12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("0-12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("0A-12345678901234567890123456789012-1234567890123456-01"));
}

TEST(Traceparent, TraceIdMustBe32LowercaseHexDigitsNotAllZero) {
  EXPECT_FALSE(parses("00-00000000000000000000000000000000-1234567890123456-01"));
  EXPECT_FALSE(parses("00-.2345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("00-1234567890123456789012345678901.-1234567890123456-01"));
  EXPECT_FALSE(parses("00-123456789012345678901234567890123-1234567890123456-01"));
  EXPECT_FALSE(parses("00-1234567890123456789012345678901-1234567890123456-01"));
  EXPECT_FALSE(parses("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
}

TEST(Traceparent, ParentIdMustBe16LowercaseHexDigitsNotAllZero) {
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-0000000000000000-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-.234567890123456-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-123456789012345.-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-12345678901234567-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-123456789012345-01"));
  EXPECT_FALSE(parses("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01"));
}

TEST(Traceparent, FlagsMustBeTwoLowercaseHexDigits) {
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456-.0"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456-0."));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456-001"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456-1"));
}

TEST(Traceparent, DelimitersMustBeDashes) {
  EXPECT_FALSE(parses("00_12345678901234567890123456789012-1234567890123456-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012_1234567890123456-01"));
  EXPECT_FALSE(parses("00-12345678901234567890123456789012-1234567890123456_01"));
}

TEST(Traceparent, SurroundingWhitespaceIsIgnored) {
  EXPECT_TRUE(parses(std::string(" ") + valid));
  EXPECT_TRUE(parses(std::string("\t") + valid));
  EXPECT_TRUE(parses(std::string(valid) + " "));
  EXPECT_TRUE(parses(std::string(valid) + "\t"));
  EXPECT_TRUE(parses(std::string("\t ") + valid + " \t"));
}

TEST(Traceparent, TwoHeadersJoinedAreInvalid) {
  // A carrier joins repeated headers with ',' (RFC 9110), which no
  // version's format allows.
  EXPECT_FALSE(parses(std::string(valid) + "," + valid));
}

TEST(Traceparent, ProducesVersion00WithOnlyKnownFlags) {
  SpanContext context;
  context.trace_id = *TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  context.span_id = *SpanId::from_hex("00f067aa0ba902b7");
  context.flags = 0xff;
  EXPECT_EQ(format_traceparent(context), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
  context.flags = 0;
  EXPECT_EQ(format_traceparent(context), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
}

TEST(Traceparent, ADowngradedHigherVersionRoundTripsAsVersion00) {
  const auto context =
      parse_traceparent("cc-12345678901234567890123456789012-1234567890123456-03-future");
  ASSERT_TRUE(context);
  EXPECT_EQ(format_traceparent(*context),
            "00-12345678901234567890123456789012-1234567890123456-03");
}

TEST(Ids, HexRoundTripAndValidity) {
  EXPECT_FALSE(TraceId::from_hex("00000000000000000000000000000000"));
  EXPECT_FALSE(SpanId::from_hex("0000000000000000"));
  EXPECT_FALSE(TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e473"));
  const auto id = TraceId::from_hex("0000000000000001ffffffffffffffff");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->hi, 1u);
  EXPECT_EQ(id->lo, UINT64_MAX);
  EXPECT_EQ(id->to_hex(), "0000000000000001ffffffffffffffff");
  EXPECT_EQ(SpanId{0xabcdefu}.to_hex(), "0000000000abcdef");
}

} // namespace
} // namespace telegen
