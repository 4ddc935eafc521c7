#include "metrics/exposition_writer.hpp"

#include "metrics/metric_names.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace telegen::detail {
namespace {

void append_uint(std::string& out, std::uint64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_created(std::string& out, double seconds) {
  // Fixed notation: OpenMetrics advises against exponents in timestamps.
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  out.append(buffer, result.ptr);
}

// Label values in both formats, and HELP in OpenMetrics, escape backslash,
// double quote and line feed. HELP in the text format 0.0.4 leaves double
// quotes as they are.
void append_escaped(std::string& out, std::string_view text, bool escape_quotes) {
  for (const char c : text) {
    switch (c) {
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '"':
      if (escape_quotes)
        out += "\\\"";
      else
        out += c;
      break;
    default:
      out += c;
      break;
    }
  }
}

std::string_view type_name(MetricType type) {
  switch (type) {
  case MetricType::counter:
    return "counter";
  case MetricType::gauge:
    return "gauge";
  case MetricType::histogram:
    return "histogram";
  }
  return "unknown";
}

class FamilyWriter {
public:
  FamilyWriter(std::string& out, const FamilySnapshot& family, ExpositionFormat format)
      : out_(out), family_(family), format_(format),
        openmetrics_(format == ExpositionFormat::openmetrics),
        // OpenMetrics names a counter family without _total and adds the
        // suffix to its samples; the text format names it with the suffix.
        name_(openmetrics_ && family.type == MetricType::counter &&
                      ends_with(family.name, counter_suffix)
                  ? family.name.substr(0, family.name.size() - counter_suffix.size())
                  : family.name) {}

  void write() {
    write_metadata();
    for (const SeriesSnapshot& series : family_.series) {
      switch (family_.type) {
      case MetricType::counter:
        write_counter(series);
        break;
      case MetricType::gauge:
        write_gauge(series);
        break;
      case MetricType::histogram:
        write_histogram(series);
        break;
      }
    }
  }

private:
  void write_metadata() {
    if (openmetrics_) {
      // TYPE, UNIT, HELP is the order OpenMetrics recommends.
      line_start("# TYPE ");
      out_ += type_name(family_.type);
      out_ += '\n';
      // The unit must be a suffix of the family name; names that break the
      // rule are refused at registration, this only keeps output valid.
      if (!family_.unit.empty() && ends_with(name_, family_.unit) &&
          name_.size() > family_.unit.size() &&
          name_[name_.size() - family_.unit.size() - 1] == '_') {
        line_start("# UNIT ");
        out_ += family_.unit;
        out_ += '\n';
      }
      line_start("# HELP ");
      append_escaped(out_, family_.help, true);
      out_ += '\n';
    } else {
      line_start("# HELP ");
      append_escaped(out_, family_.help, false);
      out_ += '\n';
      line_start("# TYPE ");
      out_ += type_name(family_.type);
      out_ += '\n';
    }
  }

  void line_start(std::string_view prefix) {
    out_ += prefix;
    out_ += name_;
    out_ += ' ';
  }

  // name + suffix + {labels[,le="bound"]} + space
  void sample_start(std::string_view suffix, const SeriesSnapshot& series,
                    const double* le = nullptr) {
    out_ += name_;
    out_ += suffix;
    if (series.label_values.empty() && le == nullptr) {
      out_ += ' ';
      return;
    }
    out_ += '{';
    for (std::size_t i = 0; i < series.label_values.size(); ++i) {
      if (i != 0)
        out_ += ',';
      out_ += family_.label_names[i];
      out_ += "=\"";
      append_escaped(out_, series.label_values[i], true);
      out_ += '"';
    }
    if (le != nullptr) {
      if (!series.label_values.empty())
        out_ += ',';
      out_ += "le=\"";
      append_le_value(out_, *le, format_);
      out_ += '"';
    }
    out_ += "} ";
  }

  void write_created(const SeriesSnapshot& series) {
    sample_start("_created", series);
    append_created(out_, family_.created);
    out_ += '\n';
  }

  void write_counter(const SeriesSnapshot& series) {
    sample_start(openmetrics_ ? counter_suffix : std::string_view(), series);
    if (family_.float_total)
      append_go_float(out_, series.value);
    else
      append_uint(out_, series.count);
    out_ += '\n';
    if (openmetrics_)
      write_created(series);
  }

  void write_gauge(const SeriesSnapshot& series) {
    sample_start({}, series);
    append_go_float(out_, series.value);
    out_ += '\n';
  }

  void write_histogram(const SeriesSnapshot& series) {
    for (std::size_t i = 0; i < series.buckets.size(); ++i) {
      const double bound =
          i < family_.bounds.size() ? family_.bounds[i] : std::numeric_limits<double>::infinity();
      sample_start("_bucket", series, &bound);
      append_uint(out_, series.buckets[i]);
      out_ += '\n';
    }
    // OpenMetrics forbids a sum when a bucket bound is negative (the sum
    // would not be a counter), and exposes _count exactly when _sum is.
    const bool with_sum = !openmetrics_ || family_.bounds.empty() || !(family_.bounds.front() < 0);
    if (openmetrics_) {
      if (with_sum) {
        write_count(series);
        write_sum(series);
      }
      write_created(series);
    } else {
      write_sum(series);
      write_count(series);
    }
  }

  void write_sum(const SeriesSnapshot& series) {
    sample_start("_sum", series);
    append_go_float(out_, series.value);
    out_ += '\n';
  }

  void write_count(const SeriesSnapshot& series) {
    sample_start("_count", series);
    append_uint(out_, series.count);
    out_ += '\n';
  }

  std::string& out_;
  const FamilySnapshot& family_;
  ExpositionFormat format_;
  bool openmetrics_;
  std::string_view name_;
};

} // namespace

void append_go_float(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[64];
  const auto scientific =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(scientific.ptr - buffer));
  int exponent = 0;
  const std::size_t e = text.find('e');
  std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(),
                  exponent);
  if (exponent < -4 || exponent >= 6) {
    out += text; // same shape as Go: shortest digits, two-digit signed exponent
    return;
  }
  const auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  out.append(buffer, fixed.ptr);
}

void append_le_value(std::string& out, double bound, ExpositionFormat format) {
  const std::size_t start = out.size();
  append_go_float(out, bound);
  if (format == ExpositionFormat::openmetrics &&
      out.find_first_of(".eIN", start) == std::string::npos)
    out += ".0";
}

void write_exposition(std::string& out, const std::vector<FamilySnapshot>& families,
                      ExpositionFormat format) {
  for (const FamilySnapshot& family : families)
    FamilyWriter(out, family, format).write();
  if (format == ExpositionFormat::openmetrics)
    out += "# EOF\n";
}

} // namespace telegen::detail
