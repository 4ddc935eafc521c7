// With TELEGEN_DISABLE the generated emitters and adapters keep their
// signatures and do nothing: this program calls each kind and is linked
// without the runtime library, so any call that still reached it would
// not link.
#include "generated/checkout.telegen.hpp"

#include <chrono>

int main() {
  using namespace std::chrono_literals;
  namespace resilience = checkout::resilience;
  using resilience::dependency;
  resilience::retry_attempt(dependency::payments, 2)
      .error("reset")
      .duration_ms(12ms)
      .max_attempts(3);
  resilience::circuit_breaker_opened(dependency::payments)
      .from_state(resilience::from_state::closed);
  resilience::bulkhead_contention(dependency::inventory, 1500ms);
  checkout::order_placed("o-1", 2).channel(checkout::channel::app).checkout_time(2s);
  checkout::order_store_failed("o-2").error("disk full");
  resilience::breaker_state_changed(dependency::payments, telegen::BreakerState::closed,
                                    telegen::BreakerState::open);
  resilience::attempt_failed(dependency::payments, 1, 3, "reset", 5ms);
  resilience::bulkhead_acquired(dependency::inventory, 2s);
  resilience::semaphore_permits(dependency::inventory, 1, 4);
  resilience::executor_status("io", 1, 2, 8);
  checkout::orders_placed_total.inc(checkout::channel::web);
  return 0;
}
