// no_proxy as libcurl reads it: which endpoints the OTLP client may reach
// over a connection of its own while a proxy is named in the environment.
#include "export/otlp/no_proxy.hpp"

#include <gtest/gtest.h>

namespace telegen::detail {
namespace {

TEST(NoProxy, AStarAloneExemptsEveryHostAndAmongNamesIsAName) {
  EXPECT_TRUE(no_proxy_exempts("collector.example.com", "*"));
  EXPECT_TRUE(no_proxy_exempts("10.0.0.1", "*"));
  EXPECT_FALSE(no_proxy_exempts("collector.example.com", "*,localhost"));
  EXPECT_FALSE(no_proxy_exempts("collector.example.com", ""));
}

TEST(NoProxy, ANameMatchesTheHostAndItsSubdomainsOnly) {
  EXPECT_TRUE(no_proxy_exempts("collector.local", "collector.local"));
  EXPECT_TRUE(no_proxy_exempts("Collector.LOCAL", "collector.local"));
  EXPECT_TRUE(no_proxy_exempts("otel.svc.cluster.local", "cluster.local"));
  EXPECT_TRUE(no_proxy_exempts("otel.svc.cluster.local", ".cluster.local"));
  EXPECT_TRUE(no_proxy_exempts("cluster.local", ".cluster.local"));
  EXPECT_TRUE(no_proxy_exempts("otel.example.com.", "example.com"));
  EXPECT_TRUE(no_proxy_exempts("otel.example.com", "example.com."));
  EXPECT_FALSE(no_proxy_exempts("notexample.com", "example.com"));
  EXPECT_FALSE(no_proxy_exempts("example.com.evil", "example.com"));
  EXPECT_FALSE(no_proxy_exempts("example.com", "otel.example.com"));
  EXPECT_FALSE(no_proxy_exempts("example.com", "."));
}

TEST(NoProxy, NamesAreSeparatedByCommasWithBlanksAround) {
  EXPECT_TRUE(no_proxy_exempts("b.example", " a.example , b.example"));
  EXPECT_TRUE(no_proxy_exempts("b.example", "a.example,,\tb.example,"));
  // A blank with no comma ends the list, as for libcurl.
  EXPECT_TRUE(no_proxy_exempts("a.example", "a.example b.example"));
  EXPECT_FALSE(no_proxy_exempts("b.example", "a.example b.example"));
}

TEST(NoProxy, AnIpHostMatchesAddressesAndNetworksNeverNames) {
  EXPECT_TRUE(no_proxy_exempts("127.0.0.1", "localhost,127.0.0.1"));
  EXPECT_FALSE(no_proxy_exempts("127.0.0.1", "localhost"));
  EXPECT_TRUE(no_proxy_exempts("10.1.2.3", "10.0.0.0/8"));
  EXPECT_TRUE(no_proxy_exempts("192.168.7.9", "192.168.4.0/22"));
  EXPECT_FALSE(no_proxy_exempts("192.168.8.1", "192.168.4.0/22"));
  EXPECT_FALSE(no_proxy_exempts("11.0.0.1", "10.0.0.0/8"));
  EXPECT_FALSE(no_proxy_exempts("10.1.2.3", "10.0.0.0/33"));
  EXPECT_FALSE(no_proxy_exempts("10.1.2.3", "10.0.0.0/x"));
  // "/0" compares the whole address, as libcurl does.
  EXPECT_FALSE(no_proxy_exempts("10.0.0.1", "10.0.0.0/0"));
  EXPECT_TRUE(no_proxy_exempts("10.0.0.0", "10.0.0.0/0"));
}

TEST(NoProxy, AnIpv6HostWithOrWithoutBrackets) {
  EXPECT_TRUE(no_proxy_exempts("[::1]", "::1"));
  EXPECT_TRUE(no_proxy_exempts("::1", "::1"));
  EXPECT_TRUE(no_proxy_exempts("[fd12:3456::1]", "fd00::/8"));
  EXPECT_FALSE(no_proxy_exempts("[fe80::1]", "fd00::/8"));
  EXPECT_FALSE(no_proxy_exempts("[::1]", "127.0.0.1"));
  EXPECT_FALSE(no_proxy_exempts("127.0.0.1", "::1"));
}

} // namespace
} // namespace telegen::detail
