// W3C Baggage: application key/value pairs that travel with a request.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telegen {

// An ordered list of baggage members. Values are kept decoded; properties
// are kept as the header spelled them (";k=v;flag"), since the spec gives
// them no meaning. A plain value: thread-safe to copy and read; modify a
// copy and install it with Context::with_baggage.
//
//   telegen::Baggage b = telegen::Context::current().baggage();
//   b.set("tenant", "acme");
//   telegen::Scope scope(telegen::Context::current().with_baggage(std::move(b)));
class Baggage {
public:
  struct Member {
    std::string key;
    std::string value;
    std::string properties;
    friend bool operator==(const Member& a, const Member& b) {
      return a.key == b.key && a.value == b.value && a.properties == b.properties;
    }
  };

  // The spec's minimum limits, which telegen also uses as its maximum:
  // members beyond them are dropped, whole, when parsing and producing.
  static constexpr std::size_t max_members = 64;
  static constexpr std::size_t max_header_bytes = 8192;

  // Parses a baggage header value (several headers joined with ","). Members
  // that do not follow the grammar are skipped and the others kept, which
  // the spec leaves to the implementation; the limits above apply.
  static Baggage parse(std::string_view header);
  // The header value: keys as is, values percent-encoded outside the
  // baggage-octet range (and '%'), properties as received. Members that
  // would pass the limits are left out, whole.
  std::string to_header() const;

  // The value of the first member named `key`.
  std::optional<std::string_view> get(std::string_view key) const noexcept;
  // Replaces the first member named `key` (dropping later duplicates) or
  // appends one. Returns false, changing nothing, when `key` is not an
  // RFC 7230 token.
  bool set(std::string_view key, std::string_view value);
  void remove(std::string_view key);

  const std::vector<Member>& members() const noexcept { return members_; }
  bool empty() const noexcept { return members_.empty(); }
  friend bool operator==(const Baggage& a, const Baggage& b) { return a.members_ == b.members_; }

private:
  std::vector<Member> members_;
};

} // namespace telegen
