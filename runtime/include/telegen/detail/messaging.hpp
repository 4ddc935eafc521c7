// The trace context in a message, for what `telegen instrument` writes into
// functions marked TELEGEN_PRODUCER and TELEGEN_CONSUMER: the producer
// writes its span's context into the message's carrier, the consumer reads
// it back. A carrier is one string field (the encoding of inject_field) or a
// map from string to string (one entry per header). For generated code only.
#pragma once

#include "telegen/context.hpp"
#include "telegen/propagation.hpp"

#include <string>
#include <string_view>
#include <type_traits>

namespace telegen::detail {

// A read-only view of a string map, for a consumer that may only read its
// message.
template <class Map> class ConstMapCarrier : public Carrier {
public:
  explicit ConstMapCarrier(const Map& map) noexcept : map_(map) {}

  std::string_view get(std::string_view name, std::string&) const override {
    const auto found = map_.find(std::string(name));
    return found == map_.end() ? std::string_view() : std::string_view(found->second);
  }
  void set(std::string_view, std::string_view) override {}

private:
  const Map& map_;
};

// Writes the calling thread's context (the producer's span) into `carrier`.
template <class Slot> void inject_message(Slot& carrier) {
  if constexpr (std::is_convertible_v<const Slot&, std::string_view>) {
    carrier = inject_field();
  } else {
    MapCarrier<Slot> map(carrier);
    inject(map);
  }
}

// The context `carrier` holds; garbage or nothing gives an empty trace
// context and a new request id, as extract_field does.
template <class Slot> Context extract_message(const Slot& carrier) {
  if constexpr (std::is_convertible_v<const Slot&, std::string_view>) {
    return extract_field(carrier);
  } else {
    const ConstMapCarrier<Slot> map(carrier);
    return extract(map);
  }
}

} // namespace telegen::detail
