#include "metrics/label_values.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen::detail {
namespace {

std::vector<std::string_view> all_of(const LabelValues& values) {
  std::vector<std::string_view> all;
  for (std::size_t i = 0; i < values.size(); ++i)
    all.push_back(values[i]);
  return all;
}

TEST(LabelValues, KeepsValuesInOrderOfPushBack) {
  LabelValues values;
  EXPECT_TRUE(values.empty());
  values.push_back("GET");
  values.push_back("");
  values.push_back("/orders");
  EXPECT_EQ(values.size(), 3u);
  EXPECT_EQ(values[1], "");
  EXPECT_EQ(all_of(values), (std::vector<std::string_view>{"GET", "", "/orders"}));
}

TEST(LabelValues, ValuesPastTheInlineOnesAreKeptAllInOrder) {
  LabelValues values;
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < 2 * LabelValues::inline_capacity + 1; ++i)
    expected.push_back("v" + std::to_string(i));
  for (const std::string& value : expected)
    values.push_back(value);
  ASSERT_EQ(values.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(values[i], expected[i]) << i;
}

TEST(LabelValues, SetReplacesOneValueInlineOrSpilled) {
  LabelValues few{"a", "b", "c"};
  few.set(1, "B");
  EXPECT_EQ(all_of(few), (std::vector<std::string_view>{"a", "B", "c"}));
  LabelValues many{"a", "b", "c", "d", "e", "f"};
  many.set(0, "A");
  many.set(5, "F");
  EXPECT_EQ(all_of(many), (std::vector<std::string_view>{"A", "b", "c", "d", "e", "F"}));
}

TEST(LabelValues, CopiesAndMovesKeepEveryValue) {
  const LabelValues few{"a", "b"};
  const LabelValues many{"a", "b", "c", "d", "e", "f"};
  for (const LabelValues& original : {few, many}) {
    LabelValues copy = original;
    EXPECT_EQ(all_of(copy), all_of(original));
    LabelValues moved = std::move(copy);
    EXPECT_EQ(all_of(moved), all_of(original));
    LabelValues assigned{"x"};
    assigned = moved;
    EXPECT_EQ(all_of(assigned), all_of(original));
    assigned.push_back("z");
    EXPECT_EQ(assigned.size(), original.size() + 1);
    EXPECT_EQ(assigned[original.size()], "z");
    EXPECT_EQ(all_of(moved), all_of(original)) << "a copy grows on its own";
  }
}

} // namespace
} // namespace telegen::detail
