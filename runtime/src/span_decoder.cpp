#include "span_decoder.hpp"

#include "codec.hpp"
#include "redaction.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace telegen::detail {
namespace {

Value to_value(const AttributeValue& v) {
  switch (v.type()) {
  case AttributeValue::Type::null:
    return nullptr;
  case AttributeValue::Type::boolean:
    return v.as_bool();
  case AttributeValue::Type::int64:
    return v.as_int64();
  case AttributeValue::Type::uint64:
    return std::to_string(v.as_uint64());
  case AttributeValue::Type::float64:
    return v.as_double();
  case AttributeValue::Type::string:
    return std::string(v.as_string());
  }
  return nullptr;
}

Value redacted_or(std::string_view key, const AttributeValue& v) {
  return is_sensitive_key(key) ? Value(std::string(redacted_value)) : to_value(v);
}

// Sets `key`, replacing an earlier value under the same key.
void set_attribute(std::vector<KeyValue>& attributes, std::string_view key, Value value) {
  for (KeyValue& kv : attributes) {
    if (kv.key == key) {
      kv.value = std::move(value);
      return;
    }
  }
  attributes.push_back({std::string(key), std::move(value)});
}

} // namespace

SpanRecordHeader SpanDecoder::header_of(const std::byte* record) noexcept {
  SpanRecordHeader header;
  std::memcpy(&header, record, sizeof header);
  return header;
}

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

void SpanDecoder::decode(const std::byte* record, std::size_t size, const TickConverter& clock,
                         SpanData& out) {
  const SpanRecordHeader h = header_of(record);
  const SpanSite& site = *h.site;
  out.trace_id = h.trace_id;
  out.span_id = h.span_id;
  out.parent_span_id = h.parent_span_id;
  out.parent_remote = h.parent_remote;
  out.trace_flags = h.flags;
  out.name = site.name;
  out.kind = site.kind;
  out.start_unix_nanos = clock.to_unix_nanos(h.start_ticks);
  out.end_unix_nanos = clock.to_unix_nanos(h.end_ticks);
  out.status = h.status;
  out.status_message.clear();
  out.dropped_attributes = h.dropped_attributes;
  out.dropped_events = h.dropped_events;
  out.dropped_links = h.dropped_links;
  out.attributes.clear();
  out.events.clear();
  out.links.clear();

  Reader r(record + sizeof h, record + size);
  out.trace_state.assign(r.get_bytes(h.trace_state_bytes));
  if (!site.function.empty())
    out.attributes.push_back({"code.function.name", std::string(site.function)});
  if (!site.file.empty())
    out.attributes.push_back({"code.file.path", std::string(site.file)});
  if (site.line != 0)
    out.attributes.push_back({"code.line.number", std::int64_t{site.line}});

  while (!r.at_end()) {
    switch (r.get<SpanItem>()) {
    case SpanItem::indexed_attribute: {
      const std::string_view key = site.attribute_keys[r.get<std::uint16_t>()];
      set_attribute(out.attributes, key, redacted_or(key, r.get_value()));
      break;
    }
    case SpanItem::attribute: {
      const std::string_view key = r.get_short_string();
      set_attribute(out.attributes, key, redacted_or(key, r.get_value()));
      break;
    }
    case SpanItem::event: {
      SpanEvent& event = out.events.emplace_back();
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      event.name = r.get_short_string();
      for (auto count = r.get<std::uint16_t>(); count > 0; --count) {
        const std::string_view key = r.get_short_string();
        set_attribute(event.attributes, key, redacted_or(key, r.get_value()));
      }
      break;
    }
    case SpanItem::site_event: {
      SpanEvent& event = out.events.emplace_back();
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      const EventSite& event_site = *r.get<const EventSite*>();
      event.name = event_site.event;
      const auto count = r.get<std::uint16_t>();
      for (std::uint16_t i = 0; i < count; ++i) {
        const std::string_view key = event_site.fields[i];
        set_attribute(event.attributes, key, redacted_or(key, r.get_value()));
      }
      break;
    }
    case SpanItem::exception: {
      SpanEvent& event = out.events.emplace_back();
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      event.name = "exception";
      const char* type = r.get<const char*>();
      event.attributes.push_back({"exception.type", type != nullptr ? demangled(type) : "unknown"});
      const std::string_view message = r.get_bytes(r.get<std::uint32_t>());
      if (!message.empty())
        event.attributes.push_back({"exception.message", std::string(message)});
      if (out.status_message.empty())
        out.status_message = type != nullptr ? std::string(message) : "unhandled exception";
      break;
    }
    case SpanItem::link: {
      SpanLink& link = out.links.emplace_back();
      link.context.trace_id.hi = r.get<std::uint64_t>();
      link.context.trace_id.lo = r.get<std::uint64_t>();
      link.context.span_id.value = r.get<std::uint64_t>();
      link.context.flags = r.get<std::uint8_t>();
      break;
    }
    case SpanItem::status_message:
      out.status_message.assign(r.get_bytes(r.get<std::uint32_t>()));
      break;
    }
  }
}

} // namespace telegen::detail
