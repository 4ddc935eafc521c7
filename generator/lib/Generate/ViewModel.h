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
// To give templates a new section (events, say): a struct with its
// forEachField(), a member of ModuleView listed in forEachField(ModuleView),
// and a builder that fills it from the model (as MetricsView.cpp does).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_VIEWMODEL_H
#define TELEGEN_GENERATE_VIEWMODEL_H

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
};
template <typename Fn>
void forEachField(const DynamicTableView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("max_values", V.MaxValues);
  Field("comment", V.Comment);
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
  Field("parameters", V.Parameters);
  Field("parameters_after_value", V.ParametersAfterValue);
  Field("parameter_types_after_value", V.ParameterTypesAfterValue);
  Field("arguments_after_value", V.ArgumentsAfterValue);
}

/// A built-in schema's declarations, in a namespace of their own inside the
/// module's ("resilience").
struct NamespaceView {
  std::string Name;
  bool HasEnums = false;
  std::vector<LabelView> Enums;
  bool HasMetrics = false;
  std::vector<MetricView> Metrics;
};
template <typename Fn> void forEachField(const NamespaceView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("has_enums", V.HasEnums);
  Field("enums", V.Enums);
  Field("has_metrics", V.HasMetrics);
  Field("metrics", V.Metrics);
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
  /// Every metric's descriptor, in slot order, as the module's metric list
  /// takes it: &http_requests_total_t::descriptor,
  /// &resilience::retry_attempts_total_t::descriptor.
  std::vector<std::string> MetricDescriptors;
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
  Field("metric_descriptors", V.MetricDescriptors);
}

} // namespace generate
} // namespace telegen

#endif
