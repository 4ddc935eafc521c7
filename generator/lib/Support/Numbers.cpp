//===- Numbers.cpp - Numbers as people write them -------------------------===//
#include "Support/Numbers.h"

#include <charconv>

namespace telegen {

std::string formatNumber(double Value) {
  char Buffer[64];
  std::to_chars_result R =
      std::to_chars(Buffer, Buffer + sizeof(Buffer), Value);
  return std::string(Buffer, R.ptr);
}

} // namespace telegen
