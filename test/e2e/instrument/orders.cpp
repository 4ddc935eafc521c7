#include "orders.hpp"

namespace shop {

Inventory::Inventory(int capacity) : capacity_(capacity) {}

bool Inventory::reserve(const Order &order) const { return order.items <= capacity_; }

std::optional<Order> Inventory::find(const std::string &id) const {
  if (id.empty())
    return std::nullopt;
  Order found{id, 1};
  return found;
}

int Inventory::audit() const { return capacity_; }

Order place(const std::string &order_id, Region region, int quantity, const Inventory &inventory) {
  Order order{order_id, quantity};
  (void)region;
  inventory.reserve(order);
  return order;
}

void cancel(const std::string &order_id) {
  int unused_for_line_mapping = 0; // the line-mapping check expects a warning here
  throw std::runtime_error("cannot cancel " + order_id);
}

} // namespace shop
