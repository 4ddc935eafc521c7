// ExportMetricsServiceRequest from the registry's snapshot: cumulative
// temporality, every series since its family was created.
#include "export/otlp/otlp_metric_mapping.hpp"
#include "export/otlp/otlp_protobuf.hpp"

namespace telegen::detail {
namespace {

// metrics.proto
constexpr std::uint32_t request_resource_metrics = 1;
constexpr std::uint32_t resource_metrics_resource = 1, resource_metrics_scope_metrics = 2;
constexpr std::uint32_t scope_metrics_scope = 1, scope_metrics_metrics = 2;
constexpr std::uint32_t metric_name = 1, metric_description = 2, metric_unit = 3, metric_gauge = 5,
                        metric_sum = 7, metric_histogram = 9;
constexpr std::uint32_t data_points = 1, aggregation_temporality = 2, sum_is_monotonic = 3;
constexpr std::uint64_t cumulative = 2;
// NumberDataPoint
constexpr std::uint32_t number_start = 2, number_time = 3, number_as_double = 4, number_as_int = 6,
                        number_attributes = 7;
// HistogramDataPoint
constexpr std::uint32_t histogram_start = 2, histogram_time = 3, histogram_count = 4,
                        histogram_sum = 5, histogram_bucket_counts = 6,
                        histogram_explicit_bounds = 7, histogram_attributes = 9;

struct Times {
  std::uint64_t start;
  std::uint64_t now;
};

void write_labels(ProtoWriter& w, std::uint32_t field, const FamilySnapshot& family,
                  const SeriesSnapshot& series) {
  for (std::size_t i = series.label_values.size(); i-- > 0;)
    write_key_value(w, field, family.label_names[i], series.label_values[i]);
}

void write_number_point(ProtoWriter& w, const FamilySnapshot& family, const SeriesSnapshot& series,
                        Times times) {
  const std::size_t end = w.size();
  write_labels(w, number_attributes, family, series);
  if (family.type == MetricType::counter && !family.float_total)
    w.fixed64_field(number_as_int, series.count);
  else
    w.double_field(number_as_double, series.value);
  w.fixed64_field(number_time, times.now);
  w.fixed64_field(number_start, times.start);
  w.message_field(data_points, end);
}

void write_histogram_point(ProtoWriter& w, const FamilySnapshot& family,
                           const SeriesSnapshot& series, Times times,
                           std::vector<std::uint64_t>& counts) {
  const std::size_t end = w.size();
  write_labels(w, histogram_attributes, family, series);
  w.packed_fixed_field(histogram_explicit_bounds, family.bounds.data(), family.bounds.size());
  bucket_counts(series, counts);
  w.packed_fixed_field(histogram_bucket_counts, counts.data(), counts.size());
  w.double_field(histogram_sum, series.value);
  w.fixed64_field(histogram_count, series.count);
  w.fixed64_field(histogram_time, times.now);
  w.fixed64_field(histogram_start, times.start);
  w.message_field(data_points, end);
}

void write_metric(ProtoWriter& w, const FamilySnapshot& family, std::uint64_t now,
                  std::vector<std::uint64_t>& counts) {
  const std::size_t end = w.size();
  const Times times{start_unix_nanos(family), now};
  const std::size_t data_end = w.size();
  if (family.type == MetricType::counter)
    w.bool_field(sum_is_monotonic, true);
  if (family.type != MetricType::gauge)
    w.varint_field(aggregation_temporality, cumulative);
  for (auto series = family.series.rbegin(); series != family.series.rend(); ++series) {
    if (family.type == MetricType::histogram)
      write_histogram_point(w, family, *series, times, counts);
    else
      write_number_point(w, family, *series, times);
  }
  const std::uint32_t data_field = family.type == MetricType::counter ? metric_sum
                                   : family.type == MetricType::gauge ? metric_gauge
                                                                      : metric_histogram;
  w.message_field(data_field, data_end);
  if (!family.unit.empty())
    w.string_field(metric_unit, otlp_unit(family.unit));
  if (!family.help.empty())
    w.string_field(metric_description, family.help);
  w.string_field(metric_name, otlp_metric_name(family));
  w.message_field(scope_metrics_metrics, end);
}

} // namespace

void encode_metrics(ProtoWriter& w, const EncodedOrigin& origin,
                    const std::vector<FamilySnapshot>& families, std::uint64_t now_unix_nanos) {
  std::vector<std::uint64_t> counts;
  const std::size_t end = w.size();
  for (auto family = families.rbegin(); family != families.rend(); ++family)
    write_metric(w, *family, now_unix_nanos, counts);
  w.bytes_field(scope_metrics_scope, origin.scope);
  w.message_field(resource_metrics_scope_metrics, end);
  w.bytes_field(resource_metrics_resource, origin.resource);
  w.message_field(request_resource_metrics, end);
}

} // namespace telegen::detail
