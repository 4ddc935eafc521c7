//===- RecordText.h - A span or metric point as one line ------*- C++ -*-===//
//
// Findings about a span or a metric point quote it as one JSON line, with
// the byte range of each attribute, so the caret points at the attribute a
// finding is about, as it does in a log record:
//
//   {"span":"orders.place","attributes":{"item":"book","debug_note":"x"}}
//   {"metric":"orders_total","kind":"monotonic sum","labels":{"status":"ok"}}
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_RECORDTEXT_H
#define TELEGEN_LIVECHECK_RECORDTEXT_H

#include "LiveCheck/Telemetry.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <utility>
#include <vector>

namespace telegen {
namespace livecheck {

struct RecordText {
  std::string Text;
  /// The name's value.
  std::pair<size_t, size_t> Name;
  /// Each attribute's key and value, in the order given.
  std::vector<std::pair<size_t, size_t>> Attributes;
};

RecordText spanText(const SpanRecord &Span);
RecordText pointText(const MetricRecord &Metric,
                     llvm::ArrayRef<Attribute> Labels);

} // namespace livecheck
} // namespace telegen

#endif
