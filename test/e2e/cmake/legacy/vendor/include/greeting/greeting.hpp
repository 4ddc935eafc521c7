// A header-only library, not written for telegen.
#pragma once
#include <string>

namespace greeting {
inline std::string greet(const std::string &who, int reserved) {
  std::string text = "hello, ";
  text += who;
  text += "!";
  return text;
}
} // namespace greeting
