// The OTLP JSON mapping of ExportTraceServiceRequest: lowerCamelCase keys,
// hex ids, enums as integers, 64-bit integers as decimal strings.
#include "export/otlp_json.hpp"

#include "support/json.hpp"
#include "support/sample_span.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace telegen::detail {
namespace {

using test::Json;
using test::parse_json;
using test::sample_span;

Json render(const std::vector<SpanData>& spans) {
  Resource resource;
  resource.attributes = {{"service.name", "orders"}, {"deployment.environment", "prod"}};
  std::string out;
  append_otlp_json(out, resource, spans);
  return parse_json(out);
}

const Json& value_of(const Json& attributes, std::string_view key) {
  for (const Json& kv : attributes.arr())
    if (kv["key"].str() == key)
      return kv["value"];
  throw std::runtime_error("no attribute " + std::string(key));
}

TEST(OtlpJson, WrapsSpansInResourceAndScope) {
  const Json request = render({sample_span()});
  ASSERT_EQ(request.obj().size(), 1u);
  const Json& resource_spans = request["resourceSpans"][0];
  EXPECT_EQ(value_of(resource_spans["resource"]["attributes"], "service.name")["stringValue"].str(),
            "orders");
  const Json& scope_spans = resource_spans["scopeSpans"][0];
  EXPECT_EQ(scope_spans["scope"]["name"].str(), "telegen");
  EXPECT_TRUE(scope_spans["scope"]["version"].is_string());
  EXPECT_EQ(scope_spans["spans"].arr().size(), 1u);
}

TEST(OtlpJson, SpellsTheSpanAsTheMappingSays) {
  const Json span = render({sample_span()})["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  EXPECT_EQ(span["traceId"].str(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(span["spanId"].str(), "00f067aa0ba902b7");
  EXPECT_EQ(span["parentSpanId"].str(), "b7ad6b7169203331");
  EXPECT_EQ(span["traceState"].str(), "congo=t61rcWkgMzE");
  EXPECT_EQ(span["name"].str(), "orders.place");
  EXPECT_EQ(span["kind"].num(), 2);
  // fixed64 timestamps are decimal strings, exact to the nanosecond.
  EXPECT_EQ(span["startTimeUnixNano"].str(), "1700000000123456789");
  EXPECT_EQ(span["endTimeUnixNano"].str(), "1700000000223456789");
  // W3C flags, and "has is-remote" (0x100) with "is remote" (0x200).
  EXPECT_EQ(span["flags"].num(), 0x303);
  EXPECT_EQ(span["status"]["code"].num(), 2);
  EXPECT_EQ(span["status"]["message"].str(), "card declined");
  EXPECT_EQ(span["droppedAttributesCount"].num(), 2);
  EXPECT_FALSE(span.has("droppedEventsCount")) << "defaults are left out";
  for (const auto& [key, value] : span.obj())
    EXPECT_EQ(key.find('_'), std::string::npos) << key << " is not lowerCamelCase";
}

TEST(OtlpJson, EncodesEachAttributeTypeAsAnAnyValue) {
  const Json attributes =
      render({sample_span()})["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["attributes"];
  EXPECT_EQ(value_of(attributes, "s")["stringValue"].str(), "text \"q\" ü");
  EXPECT_EQ(value_of(attributes, "i")["intValue"].str(), "-9007199254740993")
      << "int64 as a string, exact";
  EXPECT_EQ(value_of(attributes, "d")["doubleValue"].num(), 2.5);
  EXPECT_EQ(value_of(attributes, "nan")["doubleValue"].str(), "NaN");
  EXPECT_EQ(value_of(attributes, "inf")["doubleValue"].str(), "-Infinity");
  EXPECT_EQ(value_of(attributes, "b")["boolValue"].boolean(), true);
  EXPECT_TRUE(value_of(attributes, "n").obj().empty()) << "null is an AnyValue with no value";
}

TEST(OtlpJson, EncodesEventsAndLinks) {
  const Json span = render({sample_span()})["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  const Json& event = span["events"][0];
  EXPECT_EQ(event["timeUnixNano"].str(), "1700000000150000000");
  EXPECT_EQ(event["name"].str(), "exception");
  EXPECT_EQ(value_of(event["attributes"], "exception.type")["stringValue"].str(),
            "std::runtime_error");
  const Json& link = span["links"][0];
  EXPECT_EQ(link["traceId"].str(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(link["spanId"].str(), "00f067aa0ba902b8");
  EXPECT_EQ(link["flags"].num(), 1);
}

TEST(OtlpJson, LeavesOutTheParentOfARootAndMarksItLocal) {
  SpanData root = sample_span();
  root.parent_span_id = {};
  root.parent_remote = false;
  root.trace_state.clear();
  root.status = StatusCode::unset;
  root.status_message.clear();
  const Json span = render({root})["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  EXPECT_FALSE(span.has("parentSpanId"));
  EXPECT_FALSE(span.has("traceState"));
  EXPECT_EQ(span["flags"].num(), 0x103);
  EXPECT_EQ(span["status"]["code"].num(), 0);
  EXPECT_FALSE(span["status"].has("message"));
}

} // namespace
} // namespace telegen::detail
