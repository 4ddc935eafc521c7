// An enum field takes its enum class, not the value's string.
#include "generated/checkout.telegen.hpp"

void place() {
  checkout::order_placed("o-1", 3).channel("app"); // GNU: cannot convert 'const char [4]' to 'checkout::channel'  Clang: cannot initialize a parameter of type '::checkout::channel' with an lvalue of type 'const char[4]'
}
