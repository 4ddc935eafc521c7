// Exemplar blocks: allocated by the thread that holds a slab, read by
// scrapes (telegen/detail/exemplar.hpp).
#include "telegen/detail/exemplar.hpp"

#include <cstdlib>

namespace telegen::detail {
namespace {

// A consistent copy of `slot`, or a reading with ticks 0 when it was never
// written or its owner kept rewriting it while it was read (the scrape
// then shows that slot's exemplar from another thread, or none).
ExemplarReading read_slot(const ExemplarSlot& slot) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    const std::uint64_t before = slot.sequence.load(std::memory_order_acquire);
    if (before == 0)
      return {};
    if ((before & 1) != 0)
      continue;
    ExemplarReading reading;
    reading.trace_hi = slot.trace_hi.load(std::memory_order_acquire);
    reading.trace_lo = slot.trace_lo.load(std::memory_order_acquire);
    reading.span_id = slot.span_id.load(std::memory_order_acquire);
    reading.ticks = slot.ticks.load(std::memory_order_acquire);
    reading.value = slot.value.load(std::memory_order_acquire);
    if (slot.sequence.load(std::memory_order_relaxed) == before)
      return reading;
  }
  return {};
}

} // namespace

ExemplarSlot* attach_exemplars(SlabHeader& slab) noexcept {
  // Zeroed memory is a block of never-written slots; a large block is
  // mapped lazily, so pages a thread never writes cost nothing.
  if (slab.owner == nullptr) // the slab of updates that could not get one
    return nullptr;
  void* memory = std::calloc(slab.owner->count_slots(), sizeof(ExemplarSlot));
  auto* block = static_cast<ExemplarSlot*>(memory);
  slab.exemplars.store(block, std::memory_order_release);
  return block;
}

void ShardSet::newest_exemplars(std::size_t first, std::size_t count,
                                ExemplarReading* out) const {
  for (const SlabHeader* slab = all_.load(std::memory_order_acquire); slab != nullptr;
       slab = slab->next_in_set) {
    const ExemplarSlot* block = slab->exemplars.load(std::memory_order_acquire);
    if (block == nullptr)
      continue;
    for (std::size_t i = 0; i < count; ++i) {
      const ExemplarReading reading = read_slot(block[first + i]);
      if (reading.ticks > out[i].ticks)
        out[i] = reading;
    }
  }
}

void clear_exemplars(SlabHeader& slab, std::size_t slots) noexcept {
  ExemplarSlot* block = slab.exemplars.load(std::memory_order_relaxed);
  if (block == nullptr)
    return;
  for (std::size_t i = 0; i < slots; ++i)
    block[i].sequence.store(0, std::memory_order_relaxed);
}

} // namespace telegen::detail
