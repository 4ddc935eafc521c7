// A header-only library, found through -isystem.
#pragma once
#include <string>

namespace vendor {
inline std::string greet(const std::string &who) {
  std::string text = "hello, ";
  text += who;
  return text + "!";
}
} // namespace vendor
