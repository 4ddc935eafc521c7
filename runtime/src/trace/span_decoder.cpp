#include "trace/span_decoder.hpp"

#include "core/codec.hpp"
#include "core/redaction.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace telegen::detail {
namespace {

// Sets `out` to `v`, reusing the string `out` may already hold.
void assign(Value& out, const AttributeValue& v) {
  switch (v.type()) {
  case AttributeValue::Type::null:
    out = nullptr;
    return;
  case AttributeValue::Type::boolean:
    out = v.as_bool();
    return;
  case AttributeValue::Type::int64:
    out = v.as_int64();
    return;
  case AttributeValue::Type::float64:
    out = v.as_double();
    return;
  case AttributeValue::Type::uint64:
    out = std::to_string(v.as_uint64());
    return;
  case AttributeValue::Type::string:
    if (auto* s = std::get_if<std::string>(&out))
      s->assign(v.as_string());
    else
      out = std::string(v.as_string());
    return;
  }
}

// Fills a vector of attributes whose elements (and their strings) are
// reused from span to span, so the background thread's steady state does
// not allocate. Keys end up unique: a later value replaces an earlier one.
class AttributeFiller {
public:
  AttributeFiller(std::vector<KeyValue>& attributes, SensitiveKeys& sensitive)
      : attributes_(attributes), sensitive_(sensitive) {}
  ~AttributeFiller() {
    attributes_.erase(attributes_.begin() + static_cast<std::ptrdiff_t>(size_), attributes_.end());
  }
  AttributeFiller(const AttributeFiller&) = delete;
  AttributeFiller& operator=(const AttributeFiller&) = delete;

  // Sets `key`, redacting the value when the key names a secret.
  void set(std::string_view key, const AttributeValue& value) {
    assign(slot(key), sensitive_(key) ? AttributeValue(redacted_value) : value);
  }
  // Sets a key telegen itself names (code.*), which names no secret.
  void set_own(std::string_view key, const AttributeValue& value) { assign(slot(key), value); }

private:
  Value& slot(std::string_view key) {
    for (std::size_t i = 0; i < size_; ++i)
      if (attributes_[i].key == key)
        return attributes_[i].value;
    if (size_ == attributes_.size())
      attributes_.emplace_back();
    KeyValue& kv = attributes_[size_++];
    kv.key.assign(key);
    return kv.value;
  }

  std::vector<KeyValue>& attributes_;
  SensitiveKeys& sensitive_;
  std::size_t size_ = 0;
};

// The next event slot of `events`, reused when there is one.
SpanEvent& next_event(std::vector<SpanEvent>& events, std::size_t& size) {
  if (size == events.size())
    events.emplace_back();
  return events[size++];
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
  out.links.clear();

  Reader r(record + sizeof h, record + size);
  out.trace_state.assign(r.get_bytes(h.trace_state_bytes));
  AttributeFiller attributes(out.attributes, sensitive_);
  if (!site.function.empty())
    attributes.set_own("code.function.name", site.function);
  if (!site.file.empty())
    attributes.set_own("code.file.path", site.file);
  if (site.line != 0)
    attributes.set_own("code.line.number", site.line);

  std::size_t events = 0;
  while (!r.at_end()) {
    switch (r.get<SpanItem>()) {
    case SpanItem::indexed_attribute: {
      const std::string_view key = site.attribute_keys[r.get<std::uint16_t>()];
      attributes.set(key, r.get_value());
      break;
    }
    case SpanItem::attribute: {
      const std::string_view key = r.get_short_string();
      attributes.set(key, r.get_value());
      break;
    }
    case SpanItem::event: {
      SpanEvent& event = next_event(out.events, events);
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      event.name.assign(r.get_short_string());
      AttributeFiller event_attributes(event.attributes, sensitive_);
      for (auto count = r.get<std::uint16_t>(); count > 0; --count) {
        const std::string_view key = r.get_short_string();
        event_attributes.set(key, r.get_value());
      }
      break;
    }
    case SpanItem::site_event: {
      SpanEvent& event = next_event(out.events, events);
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      const EventSite& event_site = *r.get<const EventSite*>();
      event.name.assign(event_site.event);
      AttributeFiller event_attributes(event.attributes, sensitive_);
      const auto count = r.get<std::uint16_t>();
      for (std::uint16_t i = 0; i < count; ++i)
        event_attributes.set(event_site.fields[i], r.get_value());
      break;
    }
    case SpanItem::exception: {
      SpanEvent& event = next_event(out.events, events);
      event.time_unix_nanos = clock.to_unix_nanos(r.get<std::uint64_t>());
      event.name.assign("exception");
      const char* type = r.get<const char*>();
      const std::string_view message = r.get_bytes(r.get<std::uint32_t>());
      AttributeFiller event_attributes(event.attributes, sensitive_);
      event_attributes.set_own("exception.type",
                               type != nullptr ? std::string_view(demangled(type)) : "unknown");
      if (!message.empty())
        event_attributes.set_own("exception.message", message);
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
  out.events.erase(out.events.begin() + static_cast<std::ptrdiff_t>(events), out.events.end());
}

} // namespace telegen::detail
