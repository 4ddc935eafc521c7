// An enumerated label takes its enum, not the string it is exposed as.
#include "generated/telemetry.telegen.hpp"

void serve() {
  telemetry::jobs_enqueued_total.inc("emails"); // GNU: cannot convert 'const char [7]' to 'telemetry::queue'  Clang: cannot initialize a parameter of type 'queue' with an lvalue of type 'const char[7]'
}
