// Route templates: the name TracedRoutes gives spans, the expression httplib
// matches, and the errors for what is not a template.
#include "http/route_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace telegen::detail {
namespace {

TEST(RouteTemplates, ParametersMatchOneSegmentOrTheirExpression) {
  EXPECT_EQ(parse_route("/orders/{id}").regex, "/orders/([^/]+)");
  EXPECT_EQ(parse_route("/orders/{id}").name, "/orders/{id}");
  EXPECT_EQ(parse_route("/orders/{id:\\d{3}}/v1.0").regex, "/orders/(\\d{3})/v1\\.0");
  EXPECT_EQ(parse_route("/orders/{id:\\d{3}}/v1.0").name, "/orders/{id}/v1.0")
      << "the name leaves the expression out";
  EXPECT_EQ(parse_route("/health").regex, "/health");
}

TEST(RouteTemplates, RegularExpressionsOutsideParametersAreRefused) {
  for (const char* bad :
       {"/orders/(\\d+)", "/orders/{id", "/orders/{}", "/a/{x-y}", "/a/{x:}", "/a*", "/a}"})
    EXPECT_THROW(parse_route(bad), std::invalid_argument) << bad;
  try {
    parse_route("/orders/(\\d+)");
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "telegen: route '/orders/(\\d+)': '(' at offset 8 is regular-expression syntax "
                 "outside a parameter; write a route template, with path parameters as {name} or "
                 "{name:regex} (\"/orders/{id:\\\\d+}\")");
  }
}

} // namespace
} // namespace telegen::detail
