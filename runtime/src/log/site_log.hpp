// The log half of a generated event at a time given by the caller:
// emit_event (resilience/) takes one timestamp for the log record, the span
// event and the dependency's state (a tick read costs about 10 ns).
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <cstddef>
#include <cstdint>

namespace telegen::detail {

// write_log, stamped `ticks`.
void write_site_log(const EventSite& site, const AttributeValue* values, std::size_t count,
                    const SourceLocation* where, std::uint64_t ticks) noexcept;

} // namespace telegen::detail
