//===- Catalog.cpp - Every finding 'telegen check' can report -------------===//
#include "Check/Catalog.h"

namespace telegen {
namespace checks {

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;

const CheckInfo YamlSyntax = {"yaml.syntax", E, "The file is valid YAML."};
const CheckInfo YamlEncoding = {
    "yaml.encoding", E,
    "The file is UTF-8 text without NUL or other control bytes."};
const CheckInfo YamlTooDeep = {
    "yaml.too-deep", E, "Indentation and brackets nest at most 64 levels."};
const CheckInfo YamlTooLarge = {"yaml.too-large", E,
                                "A schema file is at most 16 MiB."};
const CheckInfo YamlUnsupported = {
    "yaml.unsupported", E,
    "A schema file is one YAML document without aliases."};

const CheckInfo UnknownKey = {"schema.unknown-key", E,
                              "Every key is one the schema language defines."};
const CheckInfo WrongType = {
    "schema.wrong-type", E,
    "Values have the expected type: mapping, list, string, number or bool."};
const CheckInfo MissingKey = {"schema.missing-key", E,
                              "Required keys are present."};
const CheckInfo Duplicate = {"schema.duplicate", E,
                             "Keys and names are declared once."};
const CheckInfo InvalidValue = {
    "schema.invalid-value", E,
    "Values are among the allowed ones and within their range."};
const CheckInfo ConflictingKeys = {"schema.conflicting-keys", E,
                                   "Keys that exclude each other are not "
                                   "combined."};
const CheckInfo EmptySchema = {"schema.empty", W,
                               "A schema declares something."};

const CheckInfo ImportNotFound = {
    "import.not-found", E,
    "Imports name a built-in schema or an existing file."};
const CheckInfo ImportCycle = {"import.cycle", E,
                               "Schemas do not import themselves, directly "
                               "or through others."};
const CheckInfo ImportNeedsDependencies = {
    "import.needs-dependencies", E,
    "A schema that takes label values from 'dependencies' is imported by a "
    "schema that declares them."};
const CheckInfo RootOnly = {
    "import.root-only", E,
    "Cardinality budgets are set by the schema that is checked, not by the "
    "ones it imports."};
const CheckInfo UndefinedReference = {
    "reference.undefined", E,
    "Referenced labels, metrics, events and spans are declared."};

const CheckInfo InvalidCharacters = {
    "naming.invalid-characters", E,
    "Metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names "
    "[a-zA-Z_][a-zA-Z0-9_]*."};
const CheckInfo SnakeCase = {"naming.snake-case", E,
                             "Names are snake_case (span and attribute names "
                             "may add dots)."};
const CheckInfo CounterTotal = {"naming.counter-total", E,
                                "Counter names end in '_total'."};
const CheckInfo TotalSuffix = {"naming.total-suffix", W,
                               "Only counters end in '_total'."};
const CheckInfo Colon = {"naming.colon", W,
                         "Metric names leave colons to recording rules."};
const CheckInfo UnitSuffix = {
    "naming.unit-suffix", E,
    "A metric's unit is the last word of its name (before '_total')."};
const CheckInfo UnitAbbreviation = {
    "naming.unit-abbreviation", E,
    "Units are base units spelled out ('_seconds', '_bytes'), not '_ms' or "
    "'_kb'."};
const CheckInfo MissingUnit = {
    "naming.missing-unit", W,
    "A metric whose name ends in a unit declares that unit."};
const CheckInfo ReservedLabel = {
    "naming.reserved-label", E,
    "Label names are not 'le', 'quantile' or '__'-prefixed."};
const CheckInfo CppIdentifier = {
    "naming.cpp-identifier", E,
    "Label values, label names, metric names, event names and event fields "
    "give distinct C++ identifiers in generated code."};
const CheckInfo Buckets = {
    "metric.buckets", E,
    "Only histograms have buckets, ascending, unique and finite."};

const CheckInfo MetricCardinality = {
    "cardinality.metric", E,
    "A metric's label combinations stay within its budget (default 1000)."};
const CheckInfo TotalCardinality = {
    "cardinality.total", E,
    "All series together stay within the schema's budget (default 10000)."};
const CheckInfo UnboundedLabel = {
    "cardinality.unbounded-label", E,
    "Labels named like unbounded values (user_id, ip, url, ...) list their "
    "values."};
const CheckInfo SensitiveName = {
    "sensitive.name", E,
    "Fields and attributes named like secrets (password, token, ...) are "
    "redacted."};
const CheckInfo SensitiveLabel = {
    "sensitive.label", E,
    "Metric labels, which are never redacted, carry no secrets."};

const CheckInfo EventLevel = {
    "event.level", E,
    "Event levels are DEBUG, INFO, WARNING, ERROR or CRITICAL."};
const CheckInfo UpdateOp = {
    "event.update-op", E,
    "Counters are incremented, gauges set, histograms observed."};
const CheckInfo LabelUnbound = {
    "event.label-unbound", E,
    "Every label of an updated metric takes a field or a constant."};
const CheckInfo LabelBinding = {
    "event.label-binding", E,
    "Label bindings name the metric's labels and values the label accepts."};
const CheckInfo OptionalLabelField = {
    "event.optional-field", E,
    "A label fed by an optional field has a default for when it is absent."};
const CheckInfo UpdateValue = {
    "event.update-value", E,
    "Values added, set or observed come from numeric fields."};

const CheckInfo RulePattern = {
    "rule.pattern", E,
    "Rule patterns are qualified names with '*' and '**' wildcards."};
const CheckInfo RuleSpanKind = {
    "rule.span-kind", E,
    "A rule naming a declared span takes the span's kind."};
const CheckInfo PropagationFunction = {
    "propagation.function", E,
    "Propagation boundaries name a qualified function."};
const CheckInfo SloMetricType = {
    "slo.metric-type", E,
    "Error-ratio SLOs use a counter, latency SLOs a histogram."};
const CheckInfo SloSelector = {
    "slo.selector", E,
    "An SLO's error selector uses the metric's labels and their values."};
const CheckInfo SloThreshold = {
    "slo.threshold", E,
    "A latency SLO's threshold is one of the histogram's bucket bounds."};
const CheckInfo AlertName = {
    "alert.name", E,
    "An alert's name is a Prometheus identifier that no generated alert "
    "takes."};
const CheckInfo AlertExpression = {
    "alert.expression", E,
    "An alert's expression is PromQL that Prometheus loads, giving an "
    "instant vector."};
const CheckInfo AlertReference = {
    "alert.reference", E,
    "The metrics, labels and label values an alert uses are declared."};
const CheckInfo AlertTuning = {
    "alert.tuning", E,
    "Dependencies tune the resilience alerts of a schema that imports the "
    "resilience contract."};

llvm::ArrayRef<const CheckInfo *> schemaChecks() {
  static const CheckInfo *const All[] = {
      &YamlSyntax,
      &YamlEncoding,
      &YamlTooDeep,
      &YamlTooLarge,
      &YamlUnsupported,
      &UnknownKey,
      &WrongType,
      &MissingKey,
      &Duplicate,
      &InvalidValue,
      &ConflictingKeys,
      &EmptySchema,
      &ImportNotFound,
      &ImportCycle,
      &ImportNeedsDependencies,
      &RootOnly,
      &UndefinedReference,
      &InvalidCharacters,
      &SnakeCase,
      &CounterTotal,
      &TotalSuffix,
      &Colon,
      &UnitSuffix,
      &UnitAbbreviation,
      &MissingUnit,
      &ReservedLabel,
      &CppIdentifier,
      &Buckets,
      &MetricCardinality,
      &TotalCardinality,
      &UnboundedLabel,
      &SensitiveName,
      &SensitiveLabel,
      &EventLevel,
      &UpdateOp,
      &LabelUnbound,
      &LabelBinding,
      &OptionalLabelField,
      &UpdateValue,
      &RulePattern,
      &RuleSpanKind,
      &PropagationFunction,
      &SloMetricType,
      &SloSelector,
      &SloThreshold,
      &AlertName,
      &AlertExpression,
      &AlertReference,
      &AlertTuning,
  };
  return All;
}

} // namespace checks
} // namespace telegen
