#include "log/own_record.hpp"

#include <chrono>

namespace telegen::detail {

OwnRecord::OwnRecord(const EventSite& site) : site_(&site) {
  view_.unix_nanos =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  view_.level = site.level;
  view_.logger = site.logger;
  view_.event = site.event;
  view_.function = site.function;
  view_.file = site.file;
  view_.line = site.line;
  view_.source = Source::internal;
}

OwnRecord& OwnRecord::add(const AttributeValue& value) {
  const std::size_t index = view_.fields.size();
  if (index >= site_->fields.size)
    return *this;
  if (value.type() == AttributeValue::Type::string)
    view_.fields.emplace_back(site_->fields[index], AttributeValue(std::string_view(
                                                        strings_.emplace_back(value.as_string()))));
  else
    view_.fields.emplace_back(site_->fields[index], value);
  return *this;
}

} // namespace telegen::detail
