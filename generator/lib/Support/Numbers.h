//===- Numbers.h - Numbers as people write them -----------------*- C++ -*-===//
#ifndef TELEGEN_SUPPORT_NUMBERS_H
#define TELEGEN_SUPPORT_NUMBERS_H

#include <string>
#include <vector>

namespace telegen {

/// The shortest text that reads back as the same double: 0.1 is "0.1", not
/// "0.10000000000000001"; whole numbers have no decimals ("2.5", "10").
std::string formatNumber(double Value);

/// A number as Go's strconv.FormatFloat(v, 'g', -1, 64) writes it, which is
/// how the Prometheus text format spells bucket bounds: 0.5, 1, 1e+06.
std::string formatGoFloat(double Value);

/// The spellings a scrape may give a bucket bound in the 'le' label: the
/// text format's ("1") and, when it differs, OpenMetrics' ("1.0").
std::vector<std::string> bucketBoundSpellings(double Bound);

} // namespace telegen

#endif
