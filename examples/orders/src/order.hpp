// The orders service's data.
#pragma once

#include "telemetry.telegen.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orders {

// The payment methods are the schema's payment_method label: one
// declaration for the API, the span attribute, the event and the metric.
using PaymentMethod = telemetry::payment_method;

std::optional<PaymentMethod> parse_payment_method(std::string_view text);
std::string_view to_string(PaymentMethod method);

// What a customer asks for (POST /orders).
struct OrderRequest {
  std::string item;
  std::int64_t quantity = 0;
  PaymentMethod payment_method = PaymentMethod::card;
  std::string card_number;
};

struct Order {
  std::int64_t id = 0;
  std::string item;
  std::int64_t quantity = 0;
  PaymentMethod payment_method = PaymentMethod::card;
  std::string card_number;
  double amount = 0;
  std::string payment_id; // set once paid

  std::string to_json() const;
};

} // namespace orders
