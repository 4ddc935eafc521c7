//===- ViewModel.h - What templates render, as plain data -------*- C++ -*-===//
//
// The schema model shaped for templates. Every string a template writes is
// ready: identifiers mapped (Check/CppNames.h), C++ string literals escaped
// and quoted, comments split into lines, argument lists joined where a
// template would otherwise have to place commas. Lists are in model order
// (sorted by name), so output is deterministic. Templates only loop and
// fill.
//
// forEachField() lists each struct's fields under the names templates use
// ({{handle_type}}); it is the only place they are spelled, and
// docs/generate.md describes them. Strings and numbers are values,
// booleans are flags for sections, vectors are lists.
//
// To give templates a new section: a struct with its
// forEachField(), a member of ModuleView listed in forEachField(ModuleView),
// and a builder that fills it from the model (as MetricsView.cpp does).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_VIEWMODEL_H
#define TELEGEN_GENERATE_VIEWMODEL_H

#include "Generate/OperationsViewModel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace telegen {
namespace generate {

/// One enumerator of an enumerated label's enum class.
struct EnumeratorView {
  std::string Identifier;   // _2xx
  std::string ValueLiteral; // "2xx"
};
template <typename Fn> void forEachField(const EnumeratorView &V, Fn &&Field) {
  Field("identifier", V.Identifier);
  Field("value_literal", V.ValueLiteral);
}

/// An enumerated label: its enum class, its strings and its descriptor.
struct LabelView {
  std::string Identifier; // status_class
  /// The label's help as '// ' comment lines; empty without help.
  std::vector<std::string> Comment;
  std::vector<EnumeratorView> Enumerators;
  /// False for a label without values (values from no dependencies).
  bool HasValues = false;
  std::string ValuesArray; // status_class_values
  std::string Descriptor;  // status_class_label
  /// {"status_class", status_class_values}, or {"status_class", {}}.
  std::string DescriptorInitializer;
};
template <typename Fn> void forEachField(const LabelView &V, Fn &&Field) {
  Field("identifier", V.Identifier);
  Field("comment", V.Comment);
  Field("enumerators", V.Enumerators);
  Field("has_values", V.HasValues);
  Field("values_array", V.ValuesArray);
  Field("descriptor", V.Descriptor);
  Field("descriptor_initializer", V.DescriptorInitializer);
}

/// A metric's table of a bounded dynamic label's values.
struct DynamicTableView {
  std::string Name; // tenant_requests_total_tenant
  uint64_t MaxValues = 0;
  /// The label's help as '// ' comment lines.
  std::vector<std::string> Comment;
  /// The metric's and the label's names as C++ string literals: with the
  /// module's layout fingerprint, the table's identity in multi-process
  /// mode.
  std::string MetricLiteral;
  std::string LabelLiteral;
};
template <typename Fn>
void forEachField(const DynamicTableView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("max_values", V.MaxValues);
  Field("comment", V.Comment);
  Field("metric_literal", V.MetricLiteral);
  Field("label_literal", V.LabelLiteral);
}

/// A metric: its handle type, descriptor and update methods.
struct MetricView {
  std::string NameLiteral; // "http_requests_total"
  std::string HelpLiteral;
  std::string UnitLiteral; // "" without a unit
  /// The metric's help as '// ' comment lines.
  std::vector<std::string> Comment;
  std::string Handle;     // http_requests_total
  std::string HandleType; // http_requests_total_t
  /// One of the three is set: which kind of handle to write.
  bool Counter = false;
  bool Gauge = false;
  bool Histogram = false;
  bool HasLabels = false;
  /// Entries of the handle's label list: telegen_detail::method_label, or
  /// {"tenant", telegen_detail::tenant_requests_total_tenant}.
  std::vector<std::string> Labels;
  /// What the descriptor takes for labels: "labels", or "{}" without.
  std::string LabelsArgument;
  /// Histograms: bucket bounds as shortest round-trip C++ literals.
  std::vector<std::string> Buckets;
  uint64_t FirstSlot = 0;
  uint64_t FirstSumSlot = 0;
  /// Gauges: ::telegen::GaugeMode::livesum.
  std::string GaugeMode;
  /// Counters and histograms: "true" when updates leave exemplars.
  std::string Exemplars;
  /// "method method, route route"; empty without labels.
  std::string Parameters;
  /// ", method method, route route": after a value parameter.
  std::string ParametersAfterValue;
  /// ", method, route": the types alone, for unnamed parameters.
  std::string ParameterTypesAfterValue;
  /// ", method, route": passing the labels on after a value.
  std::string ArgumentsAfterValue;
};
template <typename Fn> void forEachField(const MetricView &V, Fn &&Field) {
  Field("name_literal", V.NameLiteral);
  Field("help_literal", V.HelpLiteral);
  Field("unit_literal", V.UnitLiteral);
  Field("comment", V.Comment);
  Field("handle", V.Handle);
  Field("handle_type", V.HandleType);
  Field("counter", V.Counter);
  Field("gauge", V.Gauge);
  Field("histogram", V.Histogram);
  Field("has_labels", V.HasLabels);
  Field("labels", V.Labels);
  Field("labels_argument", V.LabelsArgument);
  Field("buckets", V.Buckets);
  Field("first_slot", V.FirstSlot);
  Field("first_sum_slot", V.FirstSumSlot);
  Field("gauge_mode", V.GaugeMode);
  Field("exemplars", V.Exemplars);
  Field("parameters", V.Parameters);
  Field("parameters_after_value", V.ParametersAfterValue);
  Field("parameter_types_after_value", V.ParameterTypesAfterValue);
  Field("arguments_after_value", V.ArgumentsAfterValue);
}

/// A setter of an event's optional field.
struct SetterView {
  std::string Name;          // error
  std::string Parameter;     // std::string_view error (unnamed when unused)
  std::string ParameterType; // std::string_view
  /// What it does, one statement a line: values_[4] = error;
  std::vector<std::string> Statements;
  /// A string field: overloads that keep a temporary std::string alive in
  /// the member named by Owned (error_owned_) until the record is written,
  /// and take a C string.
  bool String = false;
  std::string Owned;
};
template <typename Fn> void forEachField(const SetterView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("parameter", V.Parameter);
  Field("parameter_type", V.ParameterType);
  Field("statements", V.Statements);
  Field("string", V.String);
  Field("owned", V.Owned);
}

/// A metric an event updates.
struct EventUpdateView {
  /// Only when the optional field the value comes from was given.
  bool Guarded = false;
  std::string GuardIndex; // 6: values_[6]
  /// checkout_duration_seconds.observe(values_[6].as_double() / 1000);
  std::string Call;
};
template <typename Fn> void forEachField(const EventUpdateView &V, Fn &&Field) {
  Field("guarded", V.Guarded);
  Field("guard_index", V.GuardIndex);
  Field("call", V.Call);
}

/// An event: its emitter class, the function that starts it, and what the
/// record does when written (docs/resilience.md#for-generated-code).
struct EventView {
  std::vector<std::string> Comment;
  std::string ClassName; // retry_attempt_event
  std::string Function;  // retry_attempt
  /// Required fields as parameters before the caller's location, each
  /// followed by ", ": "dependency dependency, std::int64_t attempt, ".
  std::string LeadingParameters;
  /// What the function returns: "{dependency, attempt, telegen_where}".
  std::string Construction;
  /// Their types alone, joined: "dependency, std::int64_t".
  std::string RequiredParameterTypes;
  /// Typed members the constructor sets: ", dependency_(dependency)".
  std::string MemberInitializers;
  /// Statements that store the required fields: values_[3] = attempt;
  std::vector<std::string> RequiredStores;
  std::vector<SetterView> Setters;
  /// Whether the event has fields: an event without has no field list and
  /// no values.
  bool HasFields = false;
  /// The field names, in schema order, as C++ string literals.
  std::vector<std::string> FieldLiterals;
  /// The site's arguments after its location: ", telegen_fields_" (or
  /// ", {}" without fields), then ", ::telegen::Delivery::guaranteed" for a
  /// guaranteed event; "" for a best-effort event without fields.
  std::string SiteTail;
  /// What emit_event takes for values: "telegen_values_", or "nullptr, 0".
  std::string EmitValues;
  std::string Level;         // warning (a telegen::Level enumerator)
  std::string LoggerLiteral; // "resilience"
  std::string EventLiteral;  // "retry_attempt"
  /// A breaker state change of the resilience contract: the state it moves
  /// to and the one it usually leaves, and where from_state is written.
  bool Breaker = false;
  std::string BreakerTo;   // open
  std::string BreakerFrom; // closed
  std::string FromStateType;
  std::string FromStateIndex;
  std::vector<EventUpdateView> Updates;
  /// A failed call of the contract (retry, exhaustion, timeout), and where
  /// its error is.
  bool Failure = false;
  std::string ErrorIndex;
  /// Typed members besides the values, declarations with their initializer.
  std::vector<std::string> Members;
  std::string ValueCount;
  /// The values' initializers in field order: consts, defaults, nullptr.
  std::vector<std::string> InitialValues;
};
template <typename Fn> void forEachField(const EventView &V, Fn &&Field) {
  Field("comment", V.Comment);
  Field("class_name", V.ClassName);
  Field("function", V.Function);
  Field("leading_parameters", V.LeadingParameters);
  Field("construction", V.Construction);
  Field("required_parameter_types", V.RequiredParameterTypes);
  Field("member_initializers", V.MemberInitializers);
  Field("required_stores", V.RequiredStores);
  Field("setters", V.Setters);
  Field("has_fields", V.HasFields);
  Field("field_literals", V.FieldLiterals);
  Field("site_tail", V.SiteTail);
  Field("emit_values", V.EmitValues);
  Field("level", V.Level);
  Field("logger_literal", V.LoggerLiteral);
  Field("event_literal", V.EventLiteral);
  Field("breaker", V.Breaker);
  Field("breaker_to", V.BreakerTo);
  Field("breaker_from", V.BreakerFrom);
  Field("from_state_type", V.FromStateType);
  Field("from_state_index", V.FromStateIndex);
  Field("updates", V.Updates);
  Field("failure", V.Failure);
  Field("error_index", V.ErrorIndex);
  Field("members", V.Members);
  Field("value_count", V.ValueCount);
  Field("initial_values", V.InitialValues);
}

/// A dependency of the schema, for the health endpoints.
struct DependencyView {
  std::string Initializer; // {"payments", true}: name, critical
};
template <typename Fn> void forEachField(const DependencyView &V, Fn &&Field) {
  Field("initializer", V.Initializer);
}

/// A table from an enum field's enumerators to those of the label it feeds
/// (the field has values of its own, all of them the label's).
struct EnumMapView {
  std::string Name;       // order_placed_payment_to_payment
  std::string TargetType; // ::checkout::payment
  /// The label's enumerators, in the field's order.
  std::vector<std::string> Entries;
};
template <typename Fn> void forEachField(const EnumMapView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("target_type", V.TargetType);
  Field("entries", V.Entries);
}

/// A built-in schema's declarations, in a namespace of their own inside the
/// module's ("resilience").
struct NamespaceView {
  std::string Name;
  bool HasEnums = false;
  std::vector<LabelView> Enums;
  bool HasMetrics = false;
  std::vector<MetricView> Metrics;
  bool HasEvents = false;
  std::vector<EventView> Events;
  /// The resilience contract's adapters (breaker, retry, bulkhead).
  bool ResilienceAdapters = false;
  /// The http schema's registration of its metrics with TracedRoutes and
  /// telegen::http::Client.
  bool HttpAdapters = false;
  /// The tasks schema's adapters (enqueued, queue_status, TaskRun).
  bool TaskAdapters = false;
  /// The errors schema's recorder of escaped exceptions.
  bool ErrorAdapters = false;
};
template <typename Fn> void forEachField(const NamespaceView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("has_enums", V.HasEnums);
  Field("enums", V.Enums);
  Field("has_metrics", V.HasMetrics);
  Field("metrics", V.Metrics);
  Field("has_events", V.HasEvents);
  Field("events", V.Events);
  Field("resilience_adapters", V.ResilienceAdapters);
  Field("http_adapters", V.HttpAdapters);
  Field("task_adapters", V.TaskAdapters);
  Field("error_adapters", V.ErrorAdapters);
}

/// One schema file and what it imports: one generated module.
struct ModuleView {
  /// The schema's file name, without its directory: telemetry.yaml.
  std::string SchemaFile;
  /// The file name without .yaml or .yml: what output files are named
  /// after.
  std::string FileStem;
  /// The C++ namespace: --namespace, or the file stem as an identifier.
  std::string Namespace;
  /// The module's own enumerated labels and metrics, in Namespace.
  std::vector<LabelView> Enums;
  std::vector<MetricView> Metrics;
  /// Built-in schemas' labels and metrics, each in a nested namespace.
  std::vector<NamespaceView> Builtins;
  /// Every enumerated label, own and built-in, for the module's tables.
  bool HasEnumeratedLabels = false;
  std::vector<LabelView> EnumeratedLabels;
  bool HasDynamicTables = false;
  std::vector<DynamicTableView> DynamicTables;
  /// Storage and registration exist only when there are metrics.
  bool HasMetrics = false;
  uint64_t CountSlots = 0;
  uint64_t SumSlots = 0;
  uint64_t GaugeSlots = 0;
  /// A hash of the layout (the namespace and every metric in slot order,
  /// with its type, labels, values, buckets and gauge mode), as a hex
  /// literal: processes share slots only with a layout of the same hash.
  std::string Fingerprint;
  /// Every metric's descriptor, in slot order, as the module's metric list
  /// takes it: &http_requests_total_t::descriptor,
  /// &resilience::retry_attempts_total_t::descriptor.
  std::vector<std::string> MetricDescriptors;
  /// Whether any event is emitted, own or built-in (the header then
  /// includes the events runtime).
  bool HasEmitters = false;
  /// The module's own events; built-in schemas' are in Builtins.
  bool HasEvents = false;
  std::vector<EventView> Events;
  /// Enum fields with values of their own, own and built-in: their strings
  /// (the enum classes are with the labels' in Enums).
  std::vector<LabelView> FieldEnums;
  std::vector<EnumMapView> EnumMaps;
  /// The dependencies, registered for the health endpoints.
  bool HasDependencies = false;
  std::vector<DependencyView> Dependencies;
  std::string DependencyCount;
  /// Whether there are field enum strings, enum maps or dependencies.
  bool HasEventTables = false;

  // The operations targets (OperationsViewModel.h).
  /// The rule file's groups.
  bool HasRuleGroups = false;
  std::vector<RuleGroupView> RuleGroups;
  /// The promtool test files of the generated alerts.
  std::vector<RuleTestFileView> RuleTestFiles;
  std::vector<DashboardView> Dashboards;
  std::vector<RunbookView> Runbooks;
  /// The schema reference's sections, in order.
  std::vector<ReferenceSectionView> Reference;
};
template <typename Fn> void forEachField(const ModuleView &V, Fn &&Field) {
  Field("schema_file", V.SchemaFile);
  Field("file_stem", V.FileStem);
  Field("namespace", V.Namespace);
  Field("enums", V.Enums);
  Field("metrics", V.Metrics);
  Field("builtins", V.Builtins);
  Field("has_enumerated_labels", V.HasEnumeratedLabels);
  Field("enumerated_labels", V.EnumeratedLabels);
  Field("has_dynamic_tables", V.HasDynamicTables);
  Field("dynamic_tables", V.DynamicTables);
  Field("has_metrics", V.HasMetrics);
  Field("count_slots", V.CountSlots);
  Field("sum_slots", V.SumSlots);
  Field("gauge_slots", V.GaugeSlots);
  Field("fingerprint", V.Fingerprint);
  Field("metric_descriptors", V.MetricDescriptors);
  Field("has_emitters", V.HasEmitters);
  Field("has_events", V.HasEvents);
  Field("events", V.Events);
  Field("field_enums", V.FieldEnums);
  Field("enum_maps", V.EnumMaps);
  Field("has_dependencies", V.HasDependencies);
  Field("dependencies", V.Dependencies);
  Field("dependency_count", V.DependencyCount);
  Field("has_event_tables", V.HasEventTables);
  Field("has_rule_groups", V.HasRuleGroups);
  Field("rule_groups", V.RuleGroups);
  Field("rule_test_files", V.RuleTestFiles);
  Field("dashboards", V.Dashboards);
  Field("runbooks", V.Runbooks);
  Field("reference", V.Reference);
}

} // namespace generate
} // namespace telegen

#endif
