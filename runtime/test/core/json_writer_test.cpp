#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace telegen::detail {
namespace {

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(quoted("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(quoted("a\nb\tc\rd\be\ff"), R"("a\nb\tc\rd\be\ff")");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(quoted(std::string_view("nul\0byte", 8)), R"("nul\u0000byte")");
}

TEST(JsonString, KeepsValidUtf8) {
  EXPECT_EQ(quoted("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(quoted("\xC3"), R"("\ufffd")");                               // truncated sequence
  EXPECT_EQ(quoted("\xC0\xAF"), R"("\ufffd\ufffd")");                     // overlong '/'
  EXPECT_EQ(quoted("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");           // surrogate
  EXPECT_EQ(quoted("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")"); // > U+10FFFF
  EXPECT_EQ(quoted("ok\xFFok"), R"("ok\ufffdok")");
}

TEST(JsonNumber, UsesShortestFormAndNullForNonFinite) {
  std::string out;
  append_json_number(out, 1523.4);
  EXPECT_EQ(out, "1523.4");
  out.clear();
  append_json_number(out, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(out, "null");
  out.clear();
  append_json_number(out, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(out, "null");
}

TEST(JsonWriter, NestsObjectsAndArraysWithCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("level")
      .value("INFO")
      .key("lineno")
      .value(42)
      .key("attempt")
      .null()
      .key("ok")
      .value(true)
      .key("tags")
      .begin_array()
      .value("a")
      .value(std::uint64_t{7})
      .begin_object()
      .end_object()
      .end_array()
      .key("inner")
      .begin_object()
      .key("x")
      .value(0.5)
      .end_object()
      .end_object();
  EXPECT_EQ(
      out,
      R"({"level":"INFO","lineno":42,"attempt":null,"ok":true,"tags":["a",7,{}],"inner":{"x":0.5}})");
}

} // namespace
} // namespace telegen::detail
