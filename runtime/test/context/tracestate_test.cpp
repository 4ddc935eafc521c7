// tracestate validation, case by case from W3C Trace Context Level 2
// ("tracestate Header Field Values").
#include "telegen/propagation.hpp"

#include <gtest/gtest.h>

namespace telegen {
namespace {

std::string members(int first, int last) {
  std::string out;
  for (int i = first; i <= last; ++i) {
    char member[16];
    std::snprintf(member, sizeof member, "bar%02d=%02d", i, i);
    if (!out.empty())
      out += ',';
    out += member;
  }
  return out;
}

TEST(Tracestate, KeepsValidMembersInOrder) {
  EXPECT_EQ(normalize_tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
            "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
}

TEST(Tracestate, DropsOptionalWhitespaceAndEmptyMembers) {
  EXPECT_EQ(normalize_tracestate("foo=1 \t , \t bar=2, \t baz=3"), "foo=1,bar=2,baz=3");
  EXPECT_EQ(normalize_tracestate("\t foo=1 \t"), "foo=1");
  EXPECT_EQ(normalize_tracestate("foo=1,,  ,bar=2,"), "foo=1,bar=2");
  EXPECT_EQ(normalize_tracestate(""), "");
  EXPECT_EQ(normalize_tracestate("  "), "");
}

TEST(Tracestate, MultipleHeadersAreCombinedInOrder) {
  // What a carrier hands over for three tracestate headers.
  EXPECT_EQ(normalize_tracestate("foo=1,bar=2,rojo=1,congo=2,baz=3"),
            "foo=1,bar=2,rojo=1,congo=2,baz=3");
  EXPECT_EQ(normalize_tracestate("foo=1,"), "foo=1"); // second header empty
  EXPECT_EQ(normalize_tracestate(",foo=1"), "foo=1");
}

TEST(Tracestate, AllowsEveryLegalCharacter) {
  const std::string key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
  std::string value;
  for (char c = 0x20; c <= 0x7E; ++c)
    if (c != ',' && c != '=')
      value.push_back(c);
  EXPECT_EQ(normalize_tracestate(key + "=" + value), key + "=" + value);
  EXPECT_EQ(normalize_tracestate(key + "@a-z0-9_-*/=" + value), key + "@a-z0-9_-*/=" + value);
}

TEST(Tracestate, AtSignsFollowTheKeyGrammar) {
  EXPECT_EQ(normalize_tracestate("foo@=1,bar=2"), "foo@=1,bar=2");
  EXPECT_EQ(normalize_tracestate("foo@@bar=1,bar=2"), "foo@@bar=1,bar=2");
  EXPECT_EQ(normalize_tracestate("foo@bar@baz=1,bar=2"), "foo@bar@baz=1,bar=2");
  EXPECT_FALSE(normalize_tracestate("@foo=1,bar=2"));
}

TEST(Tracestate, AnIllegalKeyDiscardsTheWholeHeader) {
  EXPECT_FALSE(normalize_tracestate("foo =1"));
  EXPECT_FALSE(normalize_tracestate("FOO=1"));
  EXPECT_FALSE(normalize_tracestate("foo.bar=1"));
  EXPECT_FALSE(normalize_tracestate("bar=2,foo.bar=1"));
}

TEST(Tracestate, KeysAreAtMost256Characters) {
  const std::string ok(256, 'z');
  EXPECT_EQ(normalize_tracestate("foo=1," + ok + "=1"), "foo=1," + ok + "=1");
  EXPECT_FALSE(normalize_tracestate("foo=1," + std::string(257, 'z') + "=1"));
  const std::string tenant = std::string(241, 't') + "@" + std::string(14, 'v');
  EXPECT_EQ(normalize_tracestate("foo=1," + tenant + "=1"), "foo=1," + tenant + "=1");
  EXPECT_EQ(normalize_tracestate("foo=1,t@" + std::string(15, 'v') + "=1"),
            "foo=1,t@" + std::string(15, 'v') + "=1");
}

TEST(Tracestate, IllegalValuesDiscardTheWholeHeader) {
  EXPECT_FALSE(normalize_tracestate("foo=bar=baz"));
  EXPECT_FALSE(normalize_tracestate("foo=,bar=3"));
  EXPECT_FALSE(normalize_tracestate("foo=\x7f"));
  EXPECT_FALSE(normalize_tracestate("foo=a\tb"));
  EXPECT_FALSE(normalize_tracestate("foo=" + std::string(257, 'v')));
  EXPECT_TRUE(normalize_tracestate("foo=" + std::string(256, 'v')));
}

TEST(Tracestate, LeadingSpacesOfAValueArePartOfIt) {
  EXPECT_EQ(normalize_tracestate("foo=  bar"), "foo=  bar");
}

TEST(Tracestate, AtMost32Members) {
  EXPECT_EQ(normalize_tracestate(members(1, 32)), members(1, 32));
  EXPECT_FALSE(normalize_tracestate(members(1, 33)));
}

TEST(Tracestate, KeepsTheFirstOfDuplicateKeys) {
  EXPECT_EQ(normalize_tracestate("foo=1,foo=1"), "foo=1");
  EXPECT_EQ(normalize_tracestate("foo=1,bar=3,foo=2"), "foo=1,bar=3");
}

} // namespace
} // namespace telegen
