//===- Catalog.cpp - Every finding 'telegen validate-events' reports ------===//
#include "Validate/Catalog.h"

namespace telegen {
namespace validate {

constexpr Severity E = Severity::Error;

const CheckInfo NotJson = {"log.not-json", E,
                           "Every line of a log is one JSON object."};
const CheckInfo Truncated = {
    "log.truncated", E,
    "The last line of a log is complete: it ends with a line feed."};
const CheckInfo LineTooLong = {"log.line-too-long", E,
                               "A log line is at most 1 MiB."};
const CheckInfo UnknownEvent = {
    "log.unknown-event", E,
    "A resilience_event names an event the schema declares."};
const CheckInfo MissingField = {
    "log.missing-field", E,
    "An event's record has every declared field and the standard keys; "
    "required fields are not null."};
const CheckInfo FieldType = {"log.field-type", E,
                             "Fields have the JSON type their schema type "
                             "writes."};
const CheckInfo FieldValue = {
    "log.field-value", E,
    "Enum fields hold declared values (dependencies included), const fields "
    "their constant, redacted fields the placeholder."};
const CheckInfo Level = {"log.level", E,
                         "An event is logged at the level its schema "
                         "declares."};
const CheckInfo Record = {
    "log.record", E,
    "timestamp is ISO 8601 UTC, func_name a string, lineno an integer, and "
    "no key is written twice."};
const CheckInfo TraceContext = {
    "log.trace-context", E,
    "trace_id is 32 and span_id 16 lowercase hex digits, not all zero, and "
    "come together."};
const CheckInfo Unlisted = {
    "log.unlisted", Severity::Note,
    "Findings past the first 1000 are counted, not listed."};
const CheckInfo Coverage = {
    "log.coverage", E,
    "With --coverage: every declared event appears in the logs."};

llvm::ArrayRef<const CheckInfo *> logChecks() {
  static const CheckInfo *const All[] = {
      &NotJson,      &Truncated,    &LineTooLong, &UnknownEvent,
      &MissingField, &FieldType,    &FieldValue,  &Level,
      &Record,       &TraceContext, &Coverage,    &Unlisted};
  return All;
}

} // namespace validate
} // namespace telegen
