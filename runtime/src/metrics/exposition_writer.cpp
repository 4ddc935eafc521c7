#include "metrics/exposition_writer.hpp"

#include "metrics/metric_names.hpp"
#include "telegen/detail/likely.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace telegen::detail {
namespace {

// Appends to a std::string without a capacity check and a call per piece:
// grows the string's size ahead, copies with memcpy, and trims the string
// to what was written when destroyed. A scrape writes megabytes in pieces
// of a few bytes.
class TextBuffer {
public:
  explicit TextBuffer(std::string& text) : text_(text), size_(text.size()) {}
  ~TextBuffer() { text_.resize(size_); }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  TextBuffer& operator+=(std::string_view piece) {
    copy(room(piece.size()), piece.data(), piece.size());
    size_ += piece.size();
    return *this;
  }
  TextBuffer& operator+=(char c) {
    *room(1) = c;
    ++size_;
    return *this;
  }
  // Room for up to n bytes, written through the pointer returned and the
  // ones put() returns (a local cursor the compiler keeps in a register),
  // then ended by commit(); nothing else may append in between.
  char* claim(std::size_t n) { return room(n); }
  void commit(const char* end) { size_ = static_cast<std::size_t>(end - text_.data()); }
  const char* data() const noexcept { return text_.data(); }

  static char* put(char* at, std::string_view piece) {
    copy(at, piece.data(), piece.size());
    return at + piece.size();
  }
  static char* put(char* at, char c) {
    *at = c;
    return at + 1;
  }
  std::size_t size() const noexcept { return size_; }

private:
  // Most pieces are a few bytes (a name, a label value): copied inline by
  // two loads and stores inside them rather than by a call to memcpy.
  static void copy(char* to, const char* from, std::size_t n) {
    if (n > 16 && n <= 32) { // a series' labels shared with the one before
      move<Bytes16>(to, from);
      move<Bytes16>(to + n - 16, from + n - 16);
    } else if (n >= 8 && n <= 16) {
      move<std::uint64_t>(to, from);
      move<std::uint64_t>(to + n - 8, from + n - 8);
    } else if (n >= 4 && n < 8) {
      move<std::uint32_t>(to, from);
      move<std::uint32_t>(to + n - 4, from + n - 4);
    } else if (n > 0 && n < 4) {
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    } else if (n > 32) {
      std::memcpy(to, from, n);
    }
  }
  struct Bytes16 {
    char bytes[16];
  };
  template <class Word> static void move(char* to, const char* from) {
    Word word;
    std::memcpy(&word, from, sizeof word);
    std::memcpy(to, &word, sizeof word);
  }

  char* room(std::size_t n) {
    if (TELEGEN_UNLIKELY(size_ + n > text_.size()))
      grow(size_ + n);
    return text_.data() + size_;
  }

  // Into the capacity reserved a step at a time, then doubling it. The
  // string zero-fills what it grows by: a step the size of a cache's
  // share is still cached when the text is written over it, where
  // zero-filling megabytes at once would leave them to be read back from
  // memory.
  TELEGEN_NOINLINE void grow(std::size_t needed) {
    constexpr std::size_t step = 64 * 1024;
    const std::size_t size = text_.size();
    if (needed <= text_.capacity())
      text_.resize(std::max(needed, std::min(size + step, text_.capacity())));
    else
      text_.resize(std::max(needed, 2 * size));
  }

  std::string& text_;
  std::size_t size_;
};

// Formatted in place, into room for the most digits (20).
void append_uint(TextBuffer& out, std::uint64_t value) {
  constexpr std::size_t most = 20;
  char* const at = out.claim(most);
  out.commit(std::to_chars(at, at + most, value).ptr);
}

template <class Out> void append_created(Out& out, double seconds) {
  // Fixed notation: OpenMetrics advises against exponents in timestamps.
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  out += std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

template <class Out> void append_float(Out& out, double value);

bool needs_escaping(std::string_view text, bool escape_quotes) {
  for (const char c : text)
    if (c == '\\' || c == '\n' || (escape_quotes && c == '"'))
      return true;
  return false;
}

// Label values in both formats, and HELP in OpenMetrics, escape backslash,
// double quote and line feed. HELP in the text format 0.0.4 leaves double
// quotes as they are. Writes at most 2 * text.size() bytes at `at`.
char* put_escaped(char* at, std::string_view text, bool escape_quotes) {
  if (!needs_escaping(text, escape_quotes))
    return TextBuffer::put(at, text);
  for (const char c : text) {
    switch (c) {
    case '\\':
      at = TextBuffer::put(at, "\\\\");
      break;
    case '\n':
      at = TextBuffer::put(at, "\\n");
      break;
    case '"':
      at = TextBuffer::put(at, escape_quotes ? "\\\"" : "\"");
      break;
    default:
      at = TextBuffer::put(at, c);
      break;
    }
  }
  return at;
}

void append_escaped(TextBuffer& out, std::string_view text, bool escape_quotes) {
  out.commit(put_escaped(out.claim(2 * text.size()), text, escape_quotes));
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
  FamilyWriter(TextBuffer& out, const FamilySnapshot& family, ExpositionFormat format, bool created)
      : out_(out), family_(family), openmetrics_(format == ExpositionFormat::openmetrics),
        created_(openmetrics_ && created),
        // OpenMetrics names a counter family without _total and adds the
        // suffix to its samples; the text format names it with the suffix.
        name_(openmetrics_ && family.type == MetricType::counter &&
                      ends_with(family.name, counter_suffix)
                  ? family.name.substr(0, family.name.size() - counter_suffix.size())
                  : family.name) {
    // What every series repeats, formatted once per family.
    if (created_)
      append_created(created_text_, family.created);
    for (const double bound : family.bounds)
      append_le_value(le_values_.emplace_back(), bound, format);
    le_values_.emplace_back("+Inf");
  }

  void write() {
    write_metadata();
    for_each_series(family_, [this](const SeriesSnapshot& series) {
      // Exemplars of samples the format does not show are skipped.
      while (next_exemplar_ < family_.exemplars.size() &&
             family_.exemplars[next_exemplar_].series < series_index_)
        ++next_exemplar_;
      series_ = &series;
      labels_length_ = no_labels_yet;
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
      ++series_index_;
    });
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

  // name + suffix + {labels[,le="bound"]} + space. The series' labels
  // (`name="value",...`) are formatted at its first sample and copied for
  // the next ones. Written through a local cursor into room claimed for
  // the most the sample's start can take.
  void sample_start(std::string_view suffix, const std::string* le = nullptr) {
    const LabelValues& values = series_->label_values;
    if (values.empty() && le == nullptr) {
      out_ += name_;
      out_ += suffix;
      out_ += ' ';
      return;
    }
    const bool first = labels_length_ == no_labels_yet;
    const std::size_t most = name_.size() + suffix.size() +
                             (first ? labels_most(values) : labels_length_) +
                             (le != nullptr ? le->size() + 6 : 0) + 3;
    char* at = out_.claim(most);
    at = TextBuffer::put(at, name_);
    at = TextBuffer::put(at, suffix);
    at = TextBuffer::put(at, '{');
    if (first)
      at = write_labels(at, values);
    else
      at = TextBuffer::put(at, std::string_view(out_.data() + labels_offset_, labels_length_));
    if (le != nullptr) {
      if (!values.empty())
        at = TextBuffer::put(at, ',');
      at = TextBuffer::put(at, "le=\"");
      at = TextBuffer::put(at, *le);
      at = TextBuffer::put(at, '"');
    }
    at = TextBuffer::put(at, "} ");
    out_.commit(at);
  }

  // The most bytes write_labels() takes: every character escaped.
  std::size_t labels_most(const LabelValues& values) const {
    std::size_t most = 0;
    for (std::size_t i = 0; i < values.size(); ++i)
      most += family_.label_names[i].size() + 2 * values[i].size() + 4; // ,="..."
    return most;
  }

  // The series' labels, at `at`. Series come in row-major order, so a
  // series mostly shares its first labels' values (the same strings) with
  // the one before: that part of the previous series' label text is
  // copied, and only the labels from the first that differs are formatted.
  char* write_labels(char* at, const LabelValues& values) {
    char* const start = at;
    std::size_t shared = 0;
    while (shared < values.size() && shared < previous_values_.size() &&
           same_string(values[shared], previous_values_[shared]))
      ++shared;
    if (shared > 0)
      at = TextBuffer::put(at,
                           std::string_view(out_.data() + labels_offset_, label_ends_[shared - 1]));
    label_ends_.resize(values.size());
    previous_values_.resize(values.size());
    for (std::size_t i = shared; i < values.size(); ++i) {
      previous_values_[i] = values[i];
      if (i != 0)
        at = TextBuffer::put(at, ',');
      at = TextBuffer::put(at, family_.label_names[i]);
      at = TextBuffer::put(at, "=\"");
      at = put_escaped(at, values[i], true);
      at = TextBuffer::put(at, '"');
      label_ends_[i] = static_cast<std::size_t>(at - start);
    }
    labels_offset_ = static_cast<std::size_t>(start - out_.data());
    labels_length_ = static_cast<std::size_t>(at - start);
    return at;
  }

  static bool same_string(std::string_view a, std::string_view b) {
    return a.data() == b.data() && a.size() == b.size();
  }

  // OpenMetrics only: ` # {trace_id="...",span_id="..."} value timestamp`
  // after sample `sample` of the current series, when it has an exemplar.
  void write_exemplar(std::size_t sample) {
    if (!openmetrics_ || next_exemplar_ >= family_.exemplars.size())
      return;
    const Exemplar& exemplar = family_.exemplars[next_exemplar_];
    if (exemplar.series != series_index_ || exemplar.sample != sample)
      return;
    ++next_exemplar_;
    char trace_id[32];
    char span_id[16];
    exemplar.trace_id.write_hex(trace_id);
    exemplar.span_id.write_hex(span_id);
    out_ += " # {trace_id=\"";
    out_ += std::string_view(trace_id, sizeof trace_id);
    out_ += "\",span_id=\"";
    out_ += std::string_view(span_id, sizeof span_id);
    out_ += "\"} ";
    append_float(out_, exemplar.value);
    out_ += ' ';
    append_created(out_, exemplar.timestamp);
  }

  // OpenMetrics' _created sample, unless left out by configuration.
  void write_created() {
    if (!created_)
      return;
    sample_start("_created");
    out_ += created_text_;
    out_ += '\n';
  }

  void write_counter(const SeriesSnapshot& series) {
    sample_start(openmetrics_ ? counter_suffix : std::string_view());
    if (family_.float_total)
      append_float(out_, series.value);
    else
      append_uint(out_, series.count);
    write_exemplar(0);
    out_ += '\n';
    write_created();
  }

  void write_gauge(const SeriesSnapshot& series) {
    sample_start({});
    append_float(out_, series.value);
    out_ += '\n';
  }

  void write_histogram(const SeriesSnapshot& series) {
    for (std::size_t i = 0; i < series.buckets.size(); ++i) {
      sample_start("_bucket", &le_values_[i]);
      append_uint(out_, series.buckets[i]);
      write_exemplar(i);
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
      write_created();
    } else {
      write_sum(series);
      write_count(series);
    }
  }

  void write_sum(const SeriesSnapshot& series) {
    sample_start("_sum");
    append_float(out_, series.value);
    out_ += '\n';
  }

  void write_count(const SeriesSnapshot& series) {
    sample_start("_count");
    append_uint(out_, series.count);
    out_ += '\n';
  }

  TextBuffer& out_;
  const FamilySnapshot& family_;
  bool openmetrics_;
  bool created_;
  std::string_view name_;
  std::string created_text_;
  std::vector<std::string> le_values_; // each bucket's, +Inf last
  // The current series, and where its labels are in the output.
  static constexpr std::size_t no_labels_yet = static_cast<std::size_t>(-1);
  const SeriesSnapshot* series_ = nullptr;
  std::size_t labels_offset_ = 0;
  std::size_t labels_length_ = no_labels_yet;
  // The label values of the latest series whose labels were formatted (a
  // copy: a visited series is gone after its visit), and where each of its
  // labels ends, from labels_offset_.
  std::vector<std::string_view> previous_values_;
  std::vector<std::size_t> label_ends_;

  std::size_t series_index_ = 0;
  std::size_t next_exemplar_ = 0; // the first of family_.exemplars not written
};

template <class Out> void append_float(Out& out, double value) {
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
  out += std::string_view(buffer, static_cast<std::size_t>(fixed.ptr - buffer));
}

} // namespace

void append_go_float(std::string& out, double value) { append_float(out, value); }

void append_le_value(std::string& out, double bound, ExpositionFormat format) {
  const std::size_t start = out.size();
  append_go_float(out, bound);
  if (format == ExpositionFormat::openmetrics &&
      out.find_first_of(".eIN", start) == std::string::npos)
    out += ".0";
}

void write_exposition(std::string& out, const std::vector<FamilySnapshot>& families,
                      ExpositionFormat format, bool created) {
  TextBuffer buffer(out);
  for (const FamilySnapshot& family : families)
    FamilyWriter(buffer, family, format, created).write();
  if (format == ExpositionFormat::openmetrics)
    buffer += "# EOF\n";
}

} // namespace telegen::detail
