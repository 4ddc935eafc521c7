//===- Telemetry.cpp - What an OTLP export request carries ----------------===//
#include "LiveCheck/Telemetry.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace telegen {
namespace livecheck {

StringRef path(Signal S) {
  switch (S) {
  case Signal::Traces:
    return "/v1/traces";
  case Signal::Logs:
    return "/v1/logs";
  case Signal::Metrics:
    return "/v1/metrics";
  }
  llvm_unreachable("unknown signal");
}

StringRef name(MetricKind K) {
  switch (K) {
  case MetricKind::Gauge:
    return "gauge";
  case MetricKind::MonotonicSum:
    return "monotonic sum";
  case MetricKind::NonMonotonicSum:
    return "non-monotonic sum";
  case MetricKind::Histogram:
    return "histogram";
  case MetricKind::ExponentialHistogram:
    return "exponential histogram";
  case MetricKind::Summary:
    return "summary";
  case MetricKind::Empty:
    return "no data";
  }
  llvm_unreachable("unknown metric kind");
}

std::string doubleText(double D) {
  if (std::isnan(D))
    return "NaN";
  if (std::isinf(D))
    return D > 0 ? "Infinity" : "-Infinity";
  std::string Text;
  raw_string_ostream(Text) << format("%.17g", D);
  if (Text.find_first_of(".eE") == std::string::npos)
    Text += ".0";
  return Text;
}

} // namespace livecheck
} // namespace telegen
