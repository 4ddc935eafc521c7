#include "trace/span_decoder.hpp"

#include "core/codec.hpp"
#include "core/stacktrace.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <cstring>

namespace telegen::detail {
namespace {

const AttributeValue redacted{redacted_value};

// Appends the attributes of one event to out.event_attributes, keys unique
// (a later value replaces an earlier one).
void set_event_attribute(SpanView& out, const EventView& event, std::string_view key,
                         const AttributeValue& value) {
  for (std::uint32_t i = 0; i < event.attribute_count; ++i) {
    AttributeView& a = out.event_attributes[event.first_attribute + i];
    if (a.key == key) {
      a.value = value;
      return;
    }
  }
  out.event_attributes.push_back({key, value});
}

EventView& next_event(SpanView& out, std::uint64_t time_unix_nanos, std::string_view name) {
  return out.events.emplace_back(
      EventView{time_unix_nanos, name, static_cast<std::uint32_t>(out.event_attributes.size()), 0});
}

} // namespace

const std::string& SpanDecoder::demangled(const char* mangled) {
  auto [it, inserted] = demangled_.try_emplace(mangled);
  if (inserted) {
    int status = 0;
    char* name = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    it->second = status == 0 && name != nullptr ? name : mangled;
    std::free(name);
  }
  return it->second;
}

std::uint64_t SpanDecoder::sensitive_site_keys(const SpanSite& site) {
  if (&site == last_site_)
    return last_mask_;
  auto [it, inserted] = site_masks_.try_emplace(&site, 0);
  if (inserted)
    for (std::size_t i = 0; i < site.attribute_keys.size && i < 64; ++i)
      if (sensitive_(site.attribute_keys[i]))
        it->second |= std::uint64_t{1} << i;
  last_site_ = &site;
  last_mask_ = it->second;
  return last_mask_;
}

void SpanDecoder::set_attribute(SpanView& out, std::string_view key, std::int32_t site_index,
                                const AttributeValue& value, bool sensitive) {
  const AttributeValue& shown = sensitive ? redacted : value;
  const bool tracked = site_index >= 0 && site_index < 64;
  indexed_seen_ |= tracked ? std::uint64_t{1} << site_index : 0;
  named_seen_ |= site_index < 0;
  if (site_index < 0 &&
      (key == code_function_key || key == code_file_key || key == code_line_key)) {
    // The span's own value replaces the site's code location.
    out.site = nullptr;
    if (key == code_function_key)
      out.function = {};
    else if (key == code_file_key)
      out.file = {};
    else
      out.line = 0;
  }
  for (AttributeView& a : out.attributes)
    if (a.key == key) {
      a.value = shown;
      a.site_index = site_index;
      return;
    }
  out.attributes.push_back({key, shown, site_index});
}

void SpanDecoder::decode(const std::byte* record, std::size_t size, const TickConverter& clock,
                         SpanView& out) {
  const SpanRecordHeader h = header_of(record);
  const SpanSite& site = *h.site;
  stacktraces_.clear();
  out.site = &site;
  set_header_fields(h, clock, out);
  out.name = site.name;
  out.kind = site.kind;
  out.function = site.function;
  out.file = site.file;
  out.line = site.line;
  out.status_message = {};
  out.attributes.clear();
  out.events.clear();
  out.event_attributes.clear();
  out.links.clear();
  indexed_seen_ = 0;
  named_seen_ = false;

  Reader r(record + sizeof h, record + size);
  out.trace_state = r.get_bytes(h.trace_state_bytes);
  const std::uint64_t sensitive_mask =
      site.attribute_keys.size != 0 ? sensitive_site_keys(site) : 0;
  while (!r.at_end()) {
    switch (r.get<SpanItem>()) {
    case SpanItem::indexed_attribute: {
      const auto index = r.get<std::uint16_t>();
      const std::uint64_t bit = index < 64 ? std::uint64_t{1} << index : 0;
      if (bit != 0 && !named_seen_ && (indexed_seen_ & bit) == 0) {
        // A site key set for the first time, with no run-time key set yet,
        // is new: no comparison needed (the common case).
        indexed_seen_ |= bit;
        AttributeView& a = out.attributes.emplace_back();
        a.key = site.attribute_keys[index];
        a.site_index = index;
        r.get_value(a.value);
        if ((sensitive_mask & bit) != 0)
          a.value = redacted;
        break;
      }
      const bool sensitive =
          bit != 0 ? (sensitive_mask & bit) != 0 : sensitive_(site.attribute_keys[index]);
      set_attribute(out, site.attribute_keys[index], index, r.get_value(), sensitive);
      break;
    }
    case SpanItem::attribute: {
      const std::string_view key = r.get_short_string();
      set_attribute(out, key, -1, r.get_value(), sensitive_(key));
      break;
    }
    case SpanItem::event: {
      const auto time = clock.to_unix_nanos(r.get<std::uint64_t>());
      EventView& event = next_event(out, time, r.get_short_string());
      for (auto count = r.get<std::uint16_t>(); count > 0; --count) {
        const std::string_view key = r.get_short_string();
        const AttributeValue value = r.get_value();
        set_event_attribute(out, event, key, sensitive_(key) ? redacted : value);
        event.attribute_count =
            static_cast<std::uint32_t>(out.event_attributes.size()) - event.first_attribute;
      }
      break;
    }
    case SpanItem::site_event: {
      const auto time = clock.to_unix_nanos(r.get<std::uint64_t>());
      const EventSite& event_site = *r.get<const EventSite*>();
      EventView& event = next_event(out, time, event_site.event);
      const auto count = r.get<std::uint16_t>();
      for (std::uint16_t i = 0; i < count; ++i) {
        const std::string_view key = event_site.fields[i];
        const AttributeValue value = r.get_value();
        set_event_attribute(out, event, key, sensitive_(key) ? redacted : value);
        event.attribute_count =
            static_cast<std::uint32_t>(out.event_attributes.size()) - event.first_attribute;
      }
      break;
    }
    case SpanItem::exception: {
      const auto time = clock.to_unix_nanos(r.get<std::uint64_t>());
      EventView& event = next_event(out, time, "exception");
      const char* type = r.get<const char*>();
      const std::string_view message = r.get_bytes(r.get<std::uint32_t>());
      const std::uint8_t frame_count = r.get<std::uint8_t>();
      out.event_attributes.push_back(
          {"exception.type", type != nullptr ? std::string_view(demangled(type)) : "unknown"});
      if (!message.empty())
        out.event_attributes.push_back({"exception.message", message});
      if (frame_count > 0) {
        std::uintptr_t frames[255];
        for (std::uint8_t i = 0; i < frame_count; ++i)
          frames[i] = static_cast<std::uintptr_t>(r.get<std::uint64_t>());
        std::string& text = stacktraces_.emplace_back();
        append_stacktrace(text, frames, frame_count);
        out.event_attributes.push_back({"exception.stacktrace", text});
      }
      event.attribute_count =
          static_cast<std::uint32_t>(out.event_attributes.size()) - event.first_attribute;
      if (out.status_message.empty())
        out.status_message = type != nullptr ? message : "unhandled exception";
      break;
    }
    case SpanItem::link: {
      SpanContext& link = out.links.emplace_back();
      link.trace_id.hi = r.get<std::uint64_t>();
      link.trace_id.lo = r.get<std::uint64_t>();
      link.span_id.value = r.get<std::uint64_t>();
      link.flags = r.get<std::uint8_t>();
      break;
    }
    case SpanItem::status_message:
      out.status_message = r.get_bytes(r.get<std::uint32_t>());
      break;
    }
  }
}

} // namespace telegen::detail
