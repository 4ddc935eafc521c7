// A duration field takes a std::chrono duration, never a bare number.
#include "generated/checkout.telegen.hpp"

void charge() {
  checkout::resilience::timeout_exceeded(checkout::resilience::dependency::payments).duration_ms(1523.4); // GNU: cannot convert 'double' to 'telegen::Milliseconds'  Clang: no viable conversion from 'double' to '::telegen::Milliseconds'
}
