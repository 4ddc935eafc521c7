//===- DiffCatalog.h - Every finding 'telegen diff' can report --*- C++ -*-===//
#ifndef TELEGEN_DIFF_DIFFCATALOG_H
#define TELEGEN_DIFF_DIFFCATALOG_H

#include "Support/Diagnostic.h"

namespace telegen {
namespace diffchecks {

extern const CheckInfo MetricRemoved;
extern const CheckInfo MetricType;
extern const CheckInfo MetricLabels;
extern const CheckInfo MetricUnit;
extern const CheckInfo MetricBuckets;
extern const CheckInfo LabelRemoved;
extern const CheckInfo LabelKind;
extern const CheckInfo ValueRemoved;
extern const CheckInfo EventRemoved;
extern const CheckInfo EventLevel;
extern const CheckInfo FieldRemoved;
extern const CheckInfo FieldType;
extern const CheckInfo FieldRequired;
extern const CheckInfo SpanRemoved;
extern const CheckInfo SpanKind;
extern const CheckInfo AlertReference;
extern const CheckInfo Added;

} // namespace diffchecks
} // namespace telegen

#endif
