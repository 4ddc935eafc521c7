#include "core/stacktrace.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <string>

namespace telegen::detail {
namespace {

struct Captured {
  std::uintptr_t frames[max_stack_frames];
  std::size_t count;
};

[[gnu::noinline]] Captured capture_here(int skip) {
  Captured c{};
  c.count = capture_stack(c.frames, max_stack_frames, skip);
  return c;
}

// Two named frames for the trace to show; the volatile keeps each a frame
// of its own.
volatile int depth_guard = 0;
[[gnu::noinline]] Captured inner_frame() {
  Captured c = capture_here(0);
  depth_guard = depth_guard + 1;
  return c;
}
[[gnu::noinline]] Captured outer_frame() {
  Captured c = inner_frame();
  depth_guard = depth_guard + 1;
  return c;
}

std::string line_of(const std::string& text, std::size_t index) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < index; ++i)
    begin = text.find('\n', begin) + 1;
  return text.substr(begin, text.find('\n', begin) - begin);
}

TEST(Stacktrace, FramesAreSymbolizedInnermostFirstWithFileAndLine) {
  const Captured c = outer_frame();
  ASSERT_GE(c.count, 3u);
  std::string text;
  append_stacktrace(text, c.frames, c.count);
  EXPECT_EQ(line_of(text, 0).rfind("#0 telegen::detail::(anonymous namespace)::capture_here(int) at ",
                                    0),
            0u)
      << text;
  EXPECT_NE(line_of(text, 0).find("stacktrace_test.cpp:19"), std::string::npos) << text;
  EXPECT_EQ(line_of(text, 1).rfind("#1 telegen::detail::(anonymous namespace)::inner_frame()", 0),
            0u)
      << text;
  EXPECT_NE(line_of(text, 1).find("stacktrace_test.cpp:27"), std::string::npos) << text;
  EXPECT_EQ(line_of(text, 2).rfind("#2 telegen::detail::(anonymous namespace)::outer_frame()", 0),
            0u)
      << text;
  EXPECT_NE(line_of(text, 2).find("stacktrace_test.cpp:32"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(Stacktrace, SkipLeavesOutTheInnermostFrames) {
  const Captured c = capture_here(1);
  ASSERT_GE(c.count, 1u);
  std::string text;
  append_stacktrace(text, c.frames, 1);
  EXPECT_NE(text.find("Stacktrace_SkipLeavesOutTheInnermostFrames"), std::string::npos) << text;
  EXPECT_EQ(text.find("capture_here"), std::string::npos) << text;
}

TEST(Stacktrace, CaptureStopsAtCapacity) {
  std::uintptr_t frames[2];
  EXPECT_EQ(capture_stack(frames, 2, 0), 2u);
  EXPECT_EQ(capture_stack(frames, 0, 0), 0u);
}

TEST(Stacktrace, AFrameWithoutLineInformationNamesItsSymbolAndModuleOffset) {
  // Debian installs libstdc++ without its debug information.
  const auto address = reinterpret_cast<std::uintptr_t>(&std::terminate);
  std::string text;
  append_stacktrace(text, &address, 1);
  EXPECT_EQ(text.rfind("#0 std::terminate() (", 0), 0u) << text;
  EXPECT_NE(text.find("libstdc++.so.6+0x"), std::string::npos) << text;
}

} // namespace
} // namespace telegen::detail
