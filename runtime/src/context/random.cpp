#include "context/random.hpp"

#include "core/clock.hpp"

#include <pthread.h>
#include <sys/random.h>
#include <unistd.h>

#include <mutex>

namespace telegen::detail {
namespace {

// A forked child inherits its parent's generator state and would repeat
// its ids: make the child's first draw reseed.
void reseed_in_child() { thread_state.random_state = 0; }

// splitmix64's finalizer: spreads the entropy of the mixed inputs.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

} // namespace

std::uint64_t seed_thread_random() noexcept {
  static std::once_flag fork_handler;
  std::call_once(fork_handler, [] { pthread_atfork(nullptr, nullptr, reseed_in_child); });

  std::uint64_t entropy = 0;
  // Without kernel entropy (very early boot, seccomp), the address of this
  // thread's state, the time and the pid still separate threads and runs.
  if (getrandom(&entropy, sizeof entropy, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof entropy))
    entropy = 0;
  const auto address = reinterpret_cast<std::uintptr_t>(&thread_state);
  std::uint64_t seed =
      mix(entropy ^ mix(address) ^ mix(now_ticks()) ^ mix(static_cast<std::uint64_t>(getpid())));
  return seed != 0 ? seed : 1;
}

} // namespace telegen::detail
