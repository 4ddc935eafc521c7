#include "repository.hpp"

namespace orders {

std::int64_t Repository::next_id() {
  std::lock_guard<std::mutex> lock(mutex_);
  return ++last_id_;
}

void Repository::save(const Order& order) {
  std::lock_guard<std::mutex> lock(mutex_);
  orders_[order.id] = order;
}

std::optional<Order> Repository::find(std::int64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = orders_.find(id);
  if (found == orders_.end())
    return std::nullopt;
  return found->second;
}

} // namespace orders
