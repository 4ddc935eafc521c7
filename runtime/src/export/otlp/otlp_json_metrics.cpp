// ExportMetricsServiceRequest in OTLP JSON.
#include "export/otlp/otlp_json_signals.hpp"
#include "export/otlp/otlp_metric_mapping.hpp"
#include "export/otlp_json.hpp"
#include "telegen/version.hpp"

namespace telegen::detail {
namespace {

// AggregationTemporality CUMULATIVE.
constexpr std::int64_t cumulative = 2;

void write_point_start(JsonWriter& w, const FamilySnapshot& family, const SeriesSnapshot& series,
                       std::uint64_t now) {
  w.begin_object().key("attributes").begin_array();
  for (std::size_t i = 0; i < series.label_values.size(); ++i)
    write_otlp_json_key_value(w, family.label_names[i], series.label_values[i]);
  w.end_array();
  write_otlp_json_nanos(w, "startTimeUnixNano", start_unix_nanos(family));
  write_otlp_json_nanos(w, "timeUnixNano", now);
}

void write_metric(JsonWriter& w, const FamilySnapshot& family, std::uint64_t now,
                  std::vector<std::uint64_t>& counts) {
  w.begin_object().key("name").value(otlp_metric_name(family));
  if (!family.help.empty())
    w.key("description").value(family.help);
  if (!family.unit.empty())
    w.key("unit").value(otlp_unit(family.unit));
  w.key(family.type == MetricType::counter ? "sum"
        : family.type == MetricType::gauge ? "gauge"
                                           : "histogram")
      .begin_object();
  w.key("dataPoints").begin_array();
  for (const SeriesSnapshot& series : family.series) {
    write_point_start(w, family, series, now);
    switch (family.type) {
    case MetricType::counter:
      if (family.float_total)
        write_otlp_json_double(w, "asDouble", series.value);
      else
        w.key("asInt").value(std::string_view(std::to_string(series.count)));
      break;
    case MetricType::gauge:
      write_otlp_json_double(w, "asDouble", series.value);
      break;
    case MetricType::histogram:
      w.key("count").value(std::string_view(std::to_string(series.count)));
      write_otlp_json_double(w, "sum", series.value);
      bucket_counts(series, counts);
      w.key("bucketCounts").begin_array();
      for (const std::uint64_t count : counts)
        w.value(std::string_view(std::to_string(count)));
      w.end_array().key("explicitBounds").begin_array();
      for (const double bound : family.bounds)
        w.value(bound);
      w.end_array();
      break;
    }
    w.end_object();
  }
  w.end_array();
  if (family.type != MetricType::gauge)
    w.key("aggregationTemporality").value(cumulative);
  if (family.type == MetricType::counter)
    w.key("isMonotonic").value(true);
  w.end_object().end_object();
}

} // namespace

void append_otlp_json_metrics(std::string& out, const Resource& resource,
                              const std::vector<FamilySnapshot>& families,
                              std::uint64_t now_unix_nanos) {
  std::vector<std::uint64_t> counts;
  JsonWriter w(out);
  w.begin_object().key("resourceMetrics").begin_array().begin_object();
  write_otlp_json_resource(w, resource);
  w.key("scopeMetrics").begin_array().begin_object();
  write_otlp_json_scope(w, "telegen", TELEGEN_VERSION_STRING);
  w.key("metrics").begin_array();
  for (const FamilySnapshot& family : families)
    write_metric(w, family, now_unix_nanos, counts);
  w.end_array();
  w.end_object().end_array();
  w.end_object().end_array().end_object();
}

} // namespace telegen::detail
