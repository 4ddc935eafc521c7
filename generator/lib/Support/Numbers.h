//===- Numbers.h - Numbers as people write them -----------------*- C++ -*-===//
#ifndef TELEGEN_SUPPORT_NUMBERS_H
#define TELEGEN_SUPPORT_NUMBERS_H

#include <string>

namespace telegen {

/// The shortest text that reads back as the same double: 0.1 is "0.1", not
/// "0.10000000000000001"; whole numbers have no decimals ("2.5", "10").
std::string formatNumber(double Value);

} // namespace telegen

#endif
