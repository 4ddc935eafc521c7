// The context in one string field: inject_field and extract_field.
#include "telegen/propagation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

namespace telegen {
namespace {

constexpr const char* traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03";

Context from_headers(std::map<std::string, std::string> headers) {
  return extract(MapCarrier(headers));
}

// Every part of a context that propagation carries.
void expect_same_context(const Context& actual, const Context& expected) {
  EXPECT_EQ(actual.span_context().trace_id, expected.span_context().trace_id);
  EXPECT_EQ(actual.span_context().span_id, expected.span_context().span_id);
  EXPECT_EQ(actual.span_context().flags, expected.span_context().flags);
  EXPECT_EQ(actual.trace_state(), expected.trace_state());
  EXPECT_EQ(actual.baggage(), expected.baggage());
  EXPECT_EQ(actual.request(), expected.request());
}

TEST(ContextField, SpellsTheFieldsAsNameValueEntries) {
  const Context context = from_headers({{"traceparent", traceparent},
                                        {"x-request-id", "req-42"},
                                        {"x-frontend-id", "cli"},
                                        {"x-correlation-id", "flow-7"}});
  EXPECT_EQ(inject_field(context),
            "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03;"
            "x-request-id=req-42;x-frontend-id=cli;x-correlation-id=flow-7");
}

TEST(ContextField, RoundTripsEveryPartExactly) {
  const Context original =
      from_headers({{"traceparent", traceparent},
                    {"tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,sp=a b"},
                    {"baggage", "user=alice;ttl=30,path=%2Fa%3Bb%25c,emoji=%F0%9F%9A%80,empty="},
                    {"x-request-id", "req:42/a+b=c@d"},
                    {"x-frontend-id", "telegram"},
                    {"x-correlation-id", "flow-7"}});
  ASSERT_EQ(original.baggage().get("path"), "/a;b%c");
  const std::string field = inject_field(original);
  const Context back = extract_field(field);
  expect_same_context(back, original);
  EXPECT_TRUE(back.span_context().remote);
  EXPECT_EQ(inject_field(back), field) << "a second trip writes the same text";
}

TEST(ContextField, IsPrintableAsciiWithoutSpacesOrSeparatorsInValues) {
  const Context context = from_headers({{"traceparent", traceparent},
                                        {"tracestate", "sp=a b;c"},
                                        {"baggage", "k=v%3Bw;prop"},
                                        {"x-request-id", "r1"}});
  const std::string field = inject_field(context);
  for (char c : field)
    EXPECT_TRUE(c > ' ' && c <= '~') << "byte " << static_cast<int>(c) << " in " << field;
  // One ';' between each of the five entries, none inside a value.
  EXPECT_EQ(std::count(field.begin(), field.end(), ';'), 4) << field;
}

TEST(ContextField, CarriesTheCurrentContext) {
  const Context context = from_headers({{"traceparent", traceparent}, {"x-request-id", "r-9"}});
  {
    Scope scope(context);
    expect_same_context(extract_field(inject_field()), context);
  }
  EXPECT_EQ(inject_field(), "") << "no context: nothing to carry";
}

TEST(ContextField, AnEmptyFieldStartsANewRequest) {
  const Context context = extract_field("");
  EXPECT_FALSE(context.span_context().valid());
  EXPECT_EQ(context.request().request_id.size(), 36u);
  EXPECT_EQ(context.request().correlation_id, context.request().request_id);
}

TEST(ContextField, IgnoresMalformedAndUnknownEntriesAndKeepsTheRest) {
  const std::string trace = std::string("traceparent=") + traceparent;
  struct Case {
    std::string field;
    bool trace_kept;
    const char* request_id; // nullptr: a new one is generated
  };
  const Case cases[] = {
      {trace + ";x-request-id=r1", true, "r1"},
      {";;" + trace + ";;x-request-id=r1;", true, "r1"},
      {trace + ";x-request-id=bad%ZZ", true, nullptr},
      {trace + ";x-request-id=r%3", true, nullptr},
      {trace + ";x-request-id=r1%", true, nullptr},
      {trace + ";x-request-id=r 1", true, nullptr},
      {trace + ";x-request-id=r\n1", true, nullptr},
      {trace + ";x-request-id", true, nullptr},
      {trace + ";X-Request-ID=r1", true, nullptr},
      {trace + ";unknown=1;x-request-id=%72%31", true, "r1"},
      {"traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0;x-request-id=r1", false,
       "r1"},
      {trace + ";" + trace + ";x-request-id=r1", false, "r1"},
      {"traceparent=" + std::string(traceparent).substr(0, 20), false, nullptr},
      {"\xff\xfe;=;==;%%%;x-request-id=r1", false, "r1"},
      {std::string(100000, ';') + "x-request-id=r1", false, "r1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field.substr(0, 120));
    const Context context = extract_field(c.field);
    EXPECT_EQ(context.span_context().valid(), c.trace_kept);
    if (c.request_id != nullptr) {
      EXPECT_EQ(context.request().request_id, c.request_id);
    } else {
      EXPECT_EQ(context.request().request_id.size(), 36u) << context.request().request_id;
    }
  }
}

TEST(ContextField, TracestateWithoutAValidTraceparentIsDropped) {
  const Context context = extract_field("tracestate=a%3D1;x-request-id=r1");
  EXPECT_EQ(context.trace_state(), "");
  EXPECT_EQ(context.request().request_id, "r1");
}

// Every prefix of a field, and random edits of it: extract never fails,
// and what it reads is either absent or the original value.
TEST(ContextField, TruncatedOrCorruptedFieldsYieldOnlyValidParts) {
  const Context original = from_headers({{"traceparent", traceparent},
                                         {"tracestate", "congo=t61rcWkgMzE"},
                                         {"baggage", "user=alice"},
                                         {"x-request-id", "req-42"}});
  const std::string field = inject_field(original);
  for (std::size_t size = 0; size <= field.size(); ++size) {
    const Context context = extract_field(field.substr(0, size));
    if (context.span_context().valid()) {
      EXPECT_EQ(context.span_context().span_id, original.span_context().span_id);
    }
    EXPECT_TRUE(is_valid_request_id(context.request().request_id));
  }

  std::mt19937 random(7);
  const std::string alphabet = "%;=-0123456789abcdefXYZ \t\n\x01\x7f\x80\xff";
  for (int round = 0; round < 5000; ++round) {
    std::string corrupted = field;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % (corrupted.size() + 1);
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
      case 0:
        corrupted.insert(at, 1, c);
        break;
      case 1:
        if (at < corrupted.size())
          corrupted.erase(at, 1);
        break;
      default:
        if (at < corrupted.size())
          corrupted[at] = c;
      }
    }
    const Context context = extract_field(corrupted);
    EXPECT_TRUE(is_valid_request_id(context.request().request_id)) << corrupted;
    EXPECT_TRUE(context.trace_state().empty() || context.span_context().valid()) << corrupted;
  }
}

} // namespace
} // namespace telegen
