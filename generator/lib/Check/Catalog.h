//===- Catalog.h - Every finding 'telegen check' can report -----*- C++ -*-===//
//
// One CheckInfo per check, with its id, default severity and a one-line
// summary. Loading (Schema/) and checking (Check/) report through these, and
// SARIF output publishes the list as the tool's rules. docs/schema.md lists
// the same ids.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_CATALOG_H
#define TELEGEN_CHECK_CATALOG_H

#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"

namespace telegen {
namespace checks {

// Reading the file.
extern const CheckInfo YamlSyntax;
extern const CheckInfo YamlEncoding;
extern const CheckInfo YamlTooDeep;
extern const CheckInfo YamlTooLarge;
extern const CheckInfo YamlUnsupported;

// The shape of the schema.
extern const CheckInfo UnknownKey;
extern const CheckInfo WrongType;
extern const CheckInfo MissingKey;
extern const CheckInfo Duplicate;
extern const CheckInfo InvalidValue;
extern const CheckInfo ConflictingKeys;
extern const CheckInfo EmptySchema;

// Imports and references.
extern const CheckInfo ImportNotFound;
extern const CheckInfo ImportCycle;
extern const CheckInfo ImportNeedsDependencies;
extern const CheckInfo RootOnly;
extern const CheckInfo UndefinedReference;

// Prometheus naming.
extern const CheckInfo InvalidCharacters;
extern const CheckInfo SnakeCase;
extern const CheckInfo CounterTotal;
extern const CheckInfo TotalSuffix;
extern const CheckInfo Colon;
extern const CheckInfo UnitSuffix;
extern const CheckInfo UnitAbbreviation;
extern const CheckInfo MissingUnit;
extern const CheckInfo ReservedLabel;
extern const CheckInfo CppIdentifier;
extern const CheckInfo Buckets;

// Cardinality and sensitive data.
extern const CheckInfo MetricCardinality;
extern const CheckInfo TotalCardinality;
extern const CheckInfo UnboundedLabel;
extern const CheckInfo SensitiveName;
extern const CheckInfo SensitiveLabel;

// Events and the metrics they update.
extern const CheckInfo EventLevel;
extern const CheckInfo UpdateOp;
extern const CheckInfo LabelUnbound;
extern const CheckInfo LabelBinding;
extern const CheckInfo OptionalLabelField;
extern const CheckInfo UpdateValue;

// Rules, propagation and SLOs.
extern const CheckInfo RulePattern;
extern const CheckInfo RuleSpanKind;
extern const CheckInfo PropagationFunction;
extern const CheckInfo SloMetricType;
extern const CheckInfo SloSelector;
extern const CheckInfo SloThreshold;

// The service's own alerts.
extern const CheckInfo AlertName;
extern const CheckInfo AlertExpression;
extern const CheckInfo AlertReference;
extern const CheckInfo AlertTuning;

/// Every check above, in this order.
llvm::ArrayRef<const CheckInfo *> schemaChecks();

} // namespace checks
} // namespace telegen

#endif
