// The public face of the exposition: content negotiation and
// metrics_text().
#include "telegen/exposition.hpp"

#include "core/text.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/registry.hpp"
#include "telegen/propagation.hpp"

#include <atomic>
#include <charconv>

namespace telegen {
namespace {

// Splits off the text up to `separator` (or all of it).
std::string_view next_token(std::string_view& text, char separator) {
  const std::size_t end = text.find(separator);
  const std::string_view token = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return detail::trim_ows(token);
}

// One media range of an Accept header, e.g.
// `application/openmetrics-text;version=1.0.0;q=0.75`.
struct MediaRange {
  std::string_view type;
  std::string_view subtype;
  std::string_view version;
  double q = 1;

  explicit MediaRange(std::string_view text) {
    std::string_view media = next_token(text, ';');
    type = next_token(media, '/');
    subtype = detail::trim_ows(media);
    while (!text.empty()) {
      std::string_view value = next_token(text, ';');
      const std::string_view key = next_token(value, '=');
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      if (detail::iequals(key, "q")) {
        if (std::from_chars(value.data(), value.data() + value.size(), q).ec != std::errc())
          q = 0;
      } else if (detail::iequals(key, "version")) {
        version = value;
      }
    }
  }

  // How well this range names `type/subtype` at `wanted_version`: -1 not
  // at all, 0 by */*, 1 by type/*, 2 exactly.
  int match(std::string_view wanted_type, std::string_view wanted_subtype,
            std::string_view wanted_version) const {
    if (type == "*" && subtype == "*")
      return 0;
    if (!detail::iequals(type, wanted_type))
      return -1;
    if (subtype == "*")
      return 1;
    if (!detail::iequals(subtype, wanted_subtype))
      return -1;
    return version.empty() || version == wanted_version ? 2 : -1;
  }
};

// The q-value the header gives a format: that of its most specific range.
struct Preference {
  double q = 0;
  int specificity = -1;

  void consider(const MediaRange& range, int specificity_of_range) {
    if (specificity_of_range < 0)
      return;
    if (specificity_of_range > specificity ||
        (specificity_of_range == specificity && range.q > q)) {
      specificity = specificity_of_range;
      q = range.q;
    }
  }
};

} // namespace

ExpositionFormat negotiate_exposition_format(std::string_view accept_header) noexcept {
  Preference openmetrics;
  Preference text;
  while (!accept_header.empty()) {
    const std::string_view item = next_token(accept_header, ',');
    if (item.empty())
      continue;
    const MediaRange range(item);
    openmetrics.consider(range, range.match("application", "openmetrics-text", "1.0.0"));
    text.consider(range, range.match("text", "plain", "0.0.4"));
  }
  const bool prefers_openmetrics =
      openmetrics.q > 0 && (openmetrics.q > text.q || (openmetrics.q == text.q &&
                                                       openmetrics.specificity > text.specificity));
  return prefers_openmetrics ? ExpositionFormat::openmetrics : ExpositionFormat::prometheus_text;
}

std::string_view content_type(ExpositionFormat format) noexcept {
  return format == ExpositionFormat::openmetrics
             ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
             : "text/plain; version=0.0.4; charset=utf-8";
}

namespace detail {
namespace {
std::atomic<bool> created_samples{true};
// The size of the latest exposition of each format: the next one reserves
// it up front rather than growing (and copying) its text step by step.
std::atomic<std::size_t> latest_size[2];
} // namespace

void set_created_samples(bool shown) noexcept {
  created_samples.store(shown, std::memory_order_relaxed);
}
} // namespace detail

std::string metrics_text(ExpositionFormat format) {
  const std::vector<detail::FamilySnapshot> families =
      detail::Registry::instance().collect(detail::SeriesHandling::visited);
  std::atomic<std::size_t>& latest =
      detail::latest_size[format == ExpositionFormat::openmetrics ? 1 : 0];
  std::string out;
  const std::size_t expected = latest.load(std::memory_order_relaxed);
  out.reserve(expected + expected / 16);
  detail::write_exposition(out, families, format,
                           detail::created_samples.load(std::memory_order_relaxed));
  latest.store(out.size(), std::memory_order_relaxed);
  return out;
}

} // namespace telegen
