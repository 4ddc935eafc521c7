// Ids from a fast per-thread generator (wyrand: a Weyl sequence through a
// 64x64->128 multiply), seeded from the kernel once per thread and again in
// a forked child, so no two threads or processes share a sequence.
#pragma once

#include "telegen/detail/context_stack.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>

namespace telegen::detail {

// A new non-zero state for the calling thread's generator.
std::uint64_t seed_thread_random() noexcept;

inline std::uint64_t next_random() noexcept {
  std::uint64_t& state = thread_state.random_state;
  if (state == 0)
    state = seed_thread_random();
  state += 0xa0761d6478bd642fULL;
  __extension__ using u128 = unsigned __int128;
  const u128 product = static_cast<u128>(state) * (state ^ 0xe7037ed1a0b428dbULL);
  return static_cast<std::uint64_t>(product >> 64) ^ static_cast<std::uint64_t>(product);
}

inline SpanId new_span_id() noexcept {
  SpanId id;
  do
    id.value = next_random();
  while (!id.valid());
  return id;
}

inline TraceId new_trace_id() noexcept {
  TraceId id;
  do {
    id.hi = next_random();
    id.lo = next_random();
  } while (!id.valid());
  return id;
}

} // namespace telegen::detail
