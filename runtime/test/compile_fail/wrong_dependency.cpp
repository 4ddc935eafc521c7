// A dependency the schema does not declare is not an enumerator.
#include "generated/checkout.telegen.hpp"

void charge() {
  checkout::resilience::retry_attempt(checkout::resilience::dependency::billing, 2); // GNU: 'billing' is not a member of 'checkout::resilience::dependency'  Clang: no member named 'billing' in 'checkout::resilience::dependency'
}
