// Orders kept in memory. Not annotated: the schema's rule
// `orders::Repository::*` traces every member function without touching
// this code.
#pragma once

#include "order.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace orders {

class Repository {
public:
  std::int64_t next_id();
  void save(const Order& order);
  std::optional<Order> find(std::int64_t id) const;

private:
  mutable std::mutex mutex_;
  std::int64_t last_id_ = 1000;
  std::map<std::int64_t, Order> orders_;
};

} // namespace orders
