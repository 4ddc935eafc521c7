// Carriers, inject/extract, and the request context.
#include "telegen/propagation.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <unordered_map>

namespace telegen {
namespace {

using Headers = std::multimap<std::string, std::string>;
constexpr const char* traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(HeaderCarrier, MatchesNamesCaseInsensitivelyAndJoinsRepeats) {
  Headers headers{{"TraceParent", traceparent}, {"TRACESTATE", "a=1"}, {"tracestate", "b=2"}};
  HeaderCarrier carrier(headers);
  std::string scratch;
  EXPECT_EQ(carrier.get("traceparent", scratch), traceparent);
  EXPECT_EQ(carrier.get("tracestate", scratch), "a=1,b=2");
  EXPECT_EQ(carrier.get("baggage", scratch), "");
}

TEST(HeaderCarrier, SetReplacesEverySpelling) {
  Headers headers{{"X-Request-ID", "old"}, {"x-request-id", "older"}};
  HeaderCarrier carrier(headers);
  carrier.set("x-request-id", "new");
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers.begin()->second, "new");
  std::vector<std::pair<std::string, std::string>> list;
  HeaderCarrier list_carrier(list);
  list_carrier.set("traceparent", traceparent);
  EXPECT_EQ(list.size(), 1u);
}

TEST(HeaderCarrier, OverConstHeadersReadsAndNeverWrites) {
  const Headers headers{{"Traceparent", traceparent}};
  HeaderCarrier carrier(headers);
  carrier.set("traceparent", "ignored");
  std::string scratch;
  EXPECT_EQ(carrier.get("traceparent", scratch), traceparent);
  EXPECT_TRUE(extract(HeaderCarrier(headers)).span_context().valid());
}

TEST(MapCarrier, UsesExactNames) {
  std::unordered_map<std::string, std::string> properties{{"traceparent", traceparent},
                                                          {"TRACEPARENT", "x"}};
  MapCarrier carrier(properties);
  std::string scratch;
  EXPECT_EQ(carrier.get("traceparent", scratch), traceparent);
  carrier.set("baggage", "a=1");
  EXPECT_EQ(properties.at("baggage"), "a=1");
}

TEST(EnvCarrier, UsesTheEnvironmentSpelling) {
  std::vector<std::string> env{"PATH=/bin", "TRACEPARENT=" + std::string(traceparent),
                               "X_REQUEST_ID=r-1"};
  EnvCarrier carrier(env);
  std::string scratch;
  EXPECT_EQ(carrier.get("traceparent", scratch), traceparent);
  EXPECT_EQ(carrier.get("x-request-id", scratch), "r-1");
  EXPECT_EQ(carrier.get("path", scratch), "/bin");
  carrier.set("x-request-id", "r-2");
  carrier.set("baggage", "a=1");
  EXPECT_EQ(env, (std::vector<std::string>{"PATH=/bin", "TRACEPARENT=" + std::string(traceparent),
                                           "X_REQUEST_ID=r-2", "BAGGAGE=a=1"}));
}

TEST(Extract, ReadsTheTraceContextAsARemoteParent) {
  Headers headers{{"traceparent", traceparent},
                  {"tracestate", "congo=t61rcWkgMzE"},
                  {"baggage", "tenant=acme"}};
  const Context context = extract(HeaderCarrier(headers));
  EXPECT_EQ(context.span_context().trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context.span_context().span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(context.span_context().remote);
  EXPECT_EQ(context.trace_state(), "congo=t61rcWkgMzE");
  EXPECT_EQ(context.baggage().get("tenant"), "acme");
}

TEST(Extract, DropsTracestateWithAnInvalidOrMissingTraceparent) {
  Headers invalid{{"traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"},
                  {"tracestate", "congo=t61rcWkgMzE"}};
  const Context a = extract(HeaderCarrier(invalid));
  EXPECT_FALSE(a.span_context().valid());
  EXPECT_EQ(a.trace_state(), "");
  Headers missing{{"tracestate", "congo=t61rcWkgMzE"}};
  EXPECT_EQ(extract(HeaderCarrier(missing)).trace_state(), "");
}

TEST(Extract, DropsAnInvalidTracestateButKeepsTheTraceparent) {
  Headers headers{{"traceparent", traceparent}, {"tracestate", "FOO=1"}};
  const Context context = extract(HeaderCarrier(headers));
  EXPECT_TRUE(context.span_context().valid());
  EXPECT_EQ(context.trace_state(), "");
}

TEST(Extract, TwoTraceparentHeadersAreInvalid) {
  Headers headers{{"traceparent", traceparent}, {"traceparent", traceparent}};
  EXPECT_FALSE(extract(HeaderCarrier(headers)).span_context().valid());
}

TEST(Extract, FillsTheRequestContext) {
  Headers headers{
      {"X-Request-ID", "req-42"}, {"X-Frontend-ID", "telegram"}, {"X-Correlation-ID", "flow-7"}};
  const RequestContext request = extract(HeaderCarrier(headers)).request();
  EXPECT_EQ(request.request_id, "req-42");
  EXPECT_EQ(request.frontend, Frontend::telegram);
  EXPECT_EQ(request.correlation_id, "flow-7");
}

TEST(Extract, GeneratesARequestIdWhenAbsentOrInvalid) {
  Headers none;
  const RequestContext a = extract(HeaderCarrier(none)).request();
  const RequestContext b = extract(HeaderCarrier(none)).request();
  EXPECT_EQ(a.request_id.size(), 36u);
  EXPECT_EQ(a.request_id[14], '4') << "UUID version 4";
  EXPECT_NE(a.request_id, b.request_id);
  EXPECT_EQ(a.correlation_id, a.request_id)
      << "a flow starting here is correlated by its first request";
  EXPECT_EQ(a.frontend, Frontend::unknown);
  Headers injected{{"x-request-id", "bad\nid\"{}"}, {"x-correlation-id", std::string(200, 'c')}};
  const RequestContext c = extract(HeaderCarrier(injected)).request();
  EXPECT_EQ(c.request_id.size(), 36u);
  EXPECT_EQ(c.correlation_id, c.request_id);
}

TEST(Frontend, OnlyTheKnownNamesAreRecognized) {
  for (const char* name : {"web", "cli", "tui", "mobile", "telegram", "api", "agent", "internal"})
    EXPECT_EQ(to_string(parse_frontend(name)), name);
  EXPECT_EQ(parse_frontend(" web "), Frontend::web);
  EXPECT_EQ(parse_frontend("Web"), Frontend::unknown);
  EXPECT_EQ(parse_frontend("desktop"), Frontend::unknown);
  EXPECT_EQ(parse_frontend(""), Frontend::unknown);
  EXPECT_EQ(to_string(Frontend::unknown), "unknown");
}

TEST(Inject, WritesEveryFieldThatIsSet) {
  Headers incoming{{"traceparent", traceparent},
                   {"tracestate", "congo=t61rcWkgMzE"},
                   {"baggage", "tenant=acme corp"},
                   {"x-request-id", "req-42"},
                   {"x-frontend-id", "cli"}};
  const Context context = extract(HeaderCarrier(incoming));
  std::map<std::string, std::string> outgoing;
  MapCarrier carrier(outgoing);
  inject(context, carrier);
  EXPECT_EQ(outgoing.at("traceparent"), traceparent);
  EXPECT_EQ(outgoing.at("tracestate"), "congo=t61rcWkgMzE");
  EXPECT_EQ(outgoing.count("baggage"), 0u)
      << "'acme corp' has a space: not a baggage value, dropped";
  EXPECT_EQ(outgoing.at("x-request-id"), "req-42");
  EXPECT_EQ(outgoing.at("x-frontend-id"), "cli");
  EXPECT_EQ(outgoing.at("x-correlation-id"), "req-42");
}

TEST(Inject, AnEmptyContextWritesNothing) {
  std::map<std::string, std::string> outgoing;
  MapCarrier carrier(outgoing);
  inject(Context(), carrier);
  EXPECT_TRUE(outgoing.empty());
}

TEST(Propagation, RoundTripsThroughEveryCarrier) {
  Headers incoming{{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"},
                   {"baggage", "a=1;p,b=x%2Cy"},
                   {"x-request-id", "r1"}};
  const Context original = extract(HeaderCarrier(incoming));
  Headers headers;
  HeaderCarrier header_carrier(headers);
  inject(original, header_carrier);
  std::vector<std::string> env;
  EnvCarrier env_carrier(env);
  inject(extract(header_carrier), env_carrier);
  const Context back = extract(env_carrier);
  EXPECT_EQ(back.span_context().trace_id, original.span_context().trace_id);
  EXPECT_EQ(back.span_context().span_id, original.span_context().span_id);
  EXPECT_EQ(back.span_context().flags, original.span_context().flags);
  EXPECT_EQ(back.baggage(), original.baggage());
  EXPECT_EQ(back.baggage().get("b"), "x,y");
  EXPECT_EQ(back.request(), original.request());
}

TEST(EnvironmentWith, ReplacesThisProcesssOwnPropagationVariables) {
  ASSERT_EQ(setenv("BAGGAGE", "stale=1", 1), 0);
  ASSERT_EQ(setenv("TELEGEN_TEST_KEEP", "kept", 1), 0);
  Headers incoming{{"traceparent", traceparent}, {"x-request-id", "r9"}};
  const std::vector<std::string> env = environment_with(extract(HeaderCarrier(incoming)));
  unsetenv("BAGGAGE");
  unsetenv("TELEGEN_TEST_KEEP");
  const auto has = [&](const std::string& entry) {
    return std::find(env.begin(), env.end(), entry) != env.end();
  };
  EXPECT_TRUE(has("TRACEPARENT=" + std::string(traceparent)));
  EXPECT_TRUE(has("X_REQUEST_ID=r9"));
  EXPECT_TRUE(has("TELEGEN_TEST_KEEP=kept"));
  for (const std::string& entry : env)
    EXPECT_NE(entry.rfind("BAGGAGE=", 0), 0u) << entry;
}

} // namespace
} // namespace telegen
