// A small order service written for telegen, as users write theirs: the
// annotations live on declarations in this header.
#pragma once

#include <telegen/annotate.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace shop {

enum class Region { eu_west, us_east };

struct Order {
  std::string id;
  int items = 0;
};

class Inventory {
public:
  TELEGEN_SPAN("inventory.open", attrs(capacity))
  explicit Inventory(int capacity);

  TELEGEN_SPAN("inventory.reserve", attrs(order.id, order.items))
  bool reserve(const Order &order) const;

  TELEGEN_SPAN("inventory.find", status = result)
  std::optional<Order> find(const std::string &id) const;

  virtual ~Inventory() = default;
  TELEGEN_SPAN("inventory.audit")
  virtual int audit() const;

private:
  int capacity_;
};

TELEGEN_SPAN("orders.place", kind = server, attrs(order_id, region, quantity))
Order place(const std::string &order_id, Region region, int quantity, const Inventory &inventory);

TELEGEN_SPAN("orders.cancel", kind = server)
void cancel(const std::string &order_id);

template <typename T>
TELEGEN_SPAN("orders.total", attrs(value))
T total(T value) {
  return value * 2;
}

} // namespace shop
