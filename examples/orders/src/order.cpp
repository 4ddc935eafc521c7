#include "order.hpp"

#include <cstdio>

namespace orders {

std::optional<PaymentMethod> parse_payment_method(std::string_view text) {
  if (text == "card")
    return PaymentMethod::card;
  if (text == "wallet")
    return PaymentMethod::wallet;
  if (text == "invoice")
    return PaymentMethod::invoice;
  return std::nullopt;
}

std::string_view to_string(PaymentMethod method) {
  switch (method) {
  case PaymentMethod::card:
    return "card";
  case PaymentMethod::wallet:
    return "wallet";
  case PaymentMethod::invoice:
    return "invoice";
  }
  return "unknown";
}

// Items and payment ids are the service's own (letters, digits, '-'), so
// they need no JSON escaping.
std::string Order::to_json() const {
  char amount_text[32];
  std::snprintf(amount_text, sizeof amount_text, "%.2f", amount);
  return "{\"id\":" + std::to_string(id) + ",\"item\":\"" + item +
         "\",\"quantity\":" + std::to_string(quantity) + ",\"payment_method\":\"" +
         std::string(to_string(payment_method)) + "\",\"amount\":" + amount_text +
         ",\"payment_id\":\"" + payment_id + "\"}";
}

} // namespace orders
