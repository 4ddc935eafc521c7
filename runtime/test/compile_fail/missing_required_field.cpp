// A required field (retry_attempt's attempt) is an argument of the emitter.
#include "generated/checkout.telegen.hpp"

void charge() {
  checkout::resilience::retry_attempt(checkout::resilience::dependency::payments); // GNU: too few arguments to function 'checkout::resilience::retry_attempt_event checkout::resilience::retry_attempt(  Clang: too few arguments to function call, expected at least 2, have 1
}
