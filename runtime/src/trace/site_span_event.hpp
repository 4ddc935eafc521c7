// The span half of a generated event at a time given by the caller (see
// log/site_log.hpp for the log half).
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/site.hpp"

#include <cstddef>
#include <cstdint>

namespace telegen::detail {

// add_span_event, stamped `ticks`.
void add_site_span_event(const EventSite& site, const AttributeValue* values, std::size_t count,
                         std::uint64_t ticks) noexcept;

} // namespace telegen::detail
