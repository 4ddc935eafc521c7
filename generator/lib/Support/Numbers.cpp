//===- Numbers.cpp - Numbers as people write them -------------------------===//
#include "Support/Numbers.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace telegen {

std::string formatNumber(double Value) {
  char Buffer[64];
  std::to_chars_result R =
      std::to_chars(Buffer, Buffer + sizeof(Buffer), Value);
  return std::string(Buffer, R.ptr);
}

std::string formatGoFloat(double Value) {
  if (std::isnan(Value))
    return "NaN";
  if (std::isinf(Value))
    return Value > 0 ? "+Inf" : "-Inf";
  char Buffer[64];
  std::to_chars_result Scientific = std::to_chars(
      Buffer, Buffer + sizeof(Buffer), Value, std::chars_format::scientific);
  std::string Text(Buffer, Scientific.ptr);
  size_t E = Text.find('e');
  int Exponent = std::atoi(Text.c_str() + E + 1);
  // Go writes the shortest digits, in exponent form outside [1e-4, 1e6),
  // with a signed exponent of at least two digits.
  if (Exponent < -4 || Exponent >= 6) {
    std::string Digits = Text.substr(E + 1);
    bool Negative = Digits[0] == '-';
    Digits = Digits.substr(Digits[0] == '-' || Digits[0] == '+');
    if (Digits.size() < 2)
      Digits = "0" + Digits;
    return Text.substr(0, E) + "e" + (Negative ? "-" : "+") + Digits;
  }
  std::to_chars_result Fixed = std::to_chars(Buffer, Buffer + sizeof(Buffer),
                                             Value, std::chars_format::fixed);
  return std::string(Buffer, Fixed.ptr);
}

std::vector<std::string> bucketBoundSpellings(double Bound) {
  std::string Text = formatGoFloat(Bound);
  if (Text.find_first_of(".eIN") != std::string::npos)
    return {Text};
  return {Text, Text + ".0"};
}

} // namespace telegen
