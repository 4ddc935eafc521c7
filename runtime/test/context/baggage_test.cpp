// W3C Baggage: the grammar, percent-encoding and limits of "Baggage HTTP
// Header Format".
#include "telegen/baggage.hpp"

#include <gtest/gtest.h>

namespace telegen {
namespace {

TEST(Baggage, ParsesMembersAndProperties) {
  const Baggage b = Baggage::parse(
      "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue");
  ASSERT_EQ(b.members().size(), 3u);
  EXPECT_EQ(b.members()[0].key, "key1");
  EXPECT_EQ(b.members()[0].value, "value1");
  EXPECT_EQ(b.members()[0].properties, ";property1;property2");
  EXPECT_EQ(b.members()[1].key, "key2");
  EXPECT_EQ(b.members()[1].value, "value2");
  EXPECT_EQ(b.members()[2].properties, ";propertyKey=propertyValue");
}

TEST(Baggage, WhitespaceAroundKeysValuesAndPropertiesIsNotPartOfThem) {
  const Baggage b = Baggage::parse("SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t "
                                   "= \t SomeValue2 \t ; \t ValueProp \t = \t PropVal");
  ASSERT_EQ(b.members().size(), 2u);
  EXPECT_EQ(b.members()[0].key, "SomeKey");
  EXPECT_EQ(b.members()[0].value, "SomeValue");
  EXPECT_EQ(b.members()[0].properties, ";SomeProp");
  EXPECT_EQ(b.members()[1].value, "SomeValue2");
  EXPECT_EQ(b.members()[1].properties, ";ValueProp=PropVal");
}

TEST(Baggage, ValuesMayContainEqualSigns) {
  EXPECT_EQ(Baggage::parse("SomeKey=SomeValue=equals").get("SomeKey"), "SomeValue=equals");
}

TEST(Baggage, ValuesArePercentDecodedAndInvalidUtf8Replaced) {
  const Baggage b =
      Baggage::parse("userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false,bad=%FF%41");
  EXPECT_EQ(b.get("userId"), "Am\xC3\xA9lie");
  EXPECT_EQ(b.get("serverNode"), "DF 28");
  EXPECT_EQ(b.get("isProduction"), "false");
  EXPECT_EQ(b.get("bad"), "\xEF\xBF\xBD"
                          "A");
}

TEST(Baggage, ProducesPercentEncodedValues) {
  Baggage b;
  ASSERT_TRUE(b.set("SomeKey", "\t \"';=asdf!@#$%^&*()"));
  // Outside baggage-octet, and '%', must be encoded; the rest may stay.
  EXPECT_EQ(b.to_header(), "SomeKey=%09%20%22'%3B=asdf!@#$%25^&*()");
  EXPECT_EQ(Baggage::parse(b.to_header()).get("SomeKey"), "\t \"';=asdf!@#$%^&*()");
  Baggage unicode;
  unicode.set("userId", "Am\xC3\xA9lie");
  EXPECT_EQ(unicode.to_header(), "userId=Am%C3%A9lie");
}

TEST(Baggage, InvalidMembersAreSkippedAndTheRestKept) {
  const Baggage b =
      Baggage::parse("good=1,no-equals,bad key=2,=3,also=\"quoted\",fine=4;bad prop=5,last=6");
  std::vector<std::string> keys;
  for (const auto& m : b.members())
    keys.push_back(m.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"good", "last"}));
}

TEST(Baggage, EmptyValuesAreAllowed) {
  const Baggage b = Baggage::parse("flag=");
  ASSERT_TRUE(b.get("flag"));
  EXPECT_EQ(*b.get("flag"), "");
}

TEST(Baggage, KeepsAtMost64Members) {
  std::string header;
  for (int i = 0; i < 70; ++i)
    header += (i ? "," : "") + std::string("k") + std::to_string(i) + "=v";
  const Baggage b = Baggage::parse(header);
  EXPECT_EQ(b.members().size(), Baggage::max_members);
  EXPECT_EQ(b.members().back().key, "k63");
}

TEST(Baggage, KeepsAtMost8192BytesOfWholeMembers) {
  const std::string big(3000, 'v');
  const Baggage b = Baggage::parse("a=" + big + ",b=" + big + ",c=" + big + ",d=small");
  std::vector<std::string> keys;
  for (const auto& m : b.members())
    keys.push_back(m.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "d"}));
  Baggage many;
  for (const char* k : {"a", "b", "c"})
    many.set(k, big);
  EXPECT_EQ(many.to_header(), "a=" + big + ",b=" + big);
  EXPECT_LE(many.to_header().size(), Baggage::max_header_bytes);
}

TEST(Baggage, SetReplacesTheFirstAndDropsDuplicates) {
  Baggage b = Baggage::parse("a=1,b=2,a=3");
  EXPECT_EQ(b.get("a"), "1");
  ASSERT_TRUE(b.set("a", "9"));
  EXPECT_EQ(b.to_header(), "a=9,b=2");
  EXPECT_FALSE(b.set("bad key", "x"));
  b.remove("a");
  EXPECT_EQ(b.to_header(), "b=2");
}

} // namespace
} // namespace telegen
