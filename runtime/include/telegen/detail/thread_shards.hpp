// Per-thread storage of generated metrics. Each generated module (one schema)
// has a fixed layout of slots decided at generation time. Every thread that
// updates the module gets its own slab of those slots on first use and is
// the only writer of it, so an update is a plain load and store (no lock
// prefix, no shared cache line). A scrape sums the slabs of every thread.
// When a thread exits, its slab goes back to the module with its values and
// the next new thread continues counting in it, so totals never go back and
// memory stays bounded by the peak number of threads.
//
// In multi-process mode (docs/metrics.md#multi-process-metrics) the slabs
// and the gauges live in the process's metrics file instead of the heap and
// the module's static storage: the update is the same store, into memory
// other processes can read.
#pragma once

#include "telegen/detail/likely.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <type_traits>

namespace telegen::detail {

class ShardSet;
struct ExemplarSlot;
struct ExemplarReading;

// What a module's slab looks like, for the multi-process file: its size and
// alignment, where its slots are, and the module's fingerprint.
struct SlabShape {
  std::uint64_t fingerprint;
  std::size_t bytes;
  std::size_t align;
  std::size_t counts_offset;
  std::size_t sums_offset;
  std::size_t count_slots;
  std::size_t sum_slots;
};

// Zeroed memory for one slab: in the process's metrics file in
// multi-process mode, else (or when the file cannot grow) on the heap.
// Null when memory is exhausted.
void* allocate_slab(const SlabShape& shape) noexcept;

// The first member of every slab: what the runtime needs to list, hand out
// and read slabs without knowing the module's layout.
struct SlabHeader {
  ShardSet* owner = nullptr;
  SlabHeader* next_in_set = nullptr;    // every slab of the module (set once)
  SlabHeader* next_free = nullptr;      // slabs whose thread has exited
  SlabHeader* next_of_thread = nullptr; // slabs the current thread holds
  SlabHeader** thread_slot = nullptr;   // the holding thread's pointer to it
  std::atomic<std::uint64_t>* counts = nullptr;
  std::atomic<double>* sums = nullptr;
  // One slot per count slot, allocated by the holding thread on its first
  // exemplar (telegen/detail/exemplar.hpp); null until then.
  std::atomic<ExemplarSlot*> exemplars{nullptr};
};

// The layout-independent part of a module's storage: the slabs of every
// thread. Thread-safe; attach() and release() are the slow path (a mutex
// for the free list), sum() is what a scrape calls (lock-free, so a scrape
// never holds up a thread's first update).
class ShardSet {
public:
  using CreateSlab = SlabHeader* (*)() noexcept;

  constexpr ShardSet(CreateSlab create, const SlabShape& shape) noexcept
      : create_(create), shape_(shape) {}
  ShardSet(const ShardSet&) = delete;
  ShardSet& operator=(const ShardSet&) = delete;

  // Gives the calling thread a slab (a recycled one when a thread has
  // exited, else a new one), stores it in `*thread_slot`, and arranges for
  // it to come back when the thread exits. Returns nullptr when memory is
  // exhausted; the update is then dropped and counted.
  SlabHeader* attach(SlabHeader** thread_slot) noexcept;
  // Returns a slab to the free list; called when its thread exits.
  void release(SlabHeader* slab) noexcept;

  // Adds the slots of every slab, live or released, to `counts`
  // (count_slots() entries) and `sums` (sum_slots() entries).
  void sum(std::uint64_t* counts, double* sums) const;

  // For count slots [first, first + count): the newest exemplar any slab
  // holds, into out[0..count) (left as they are where no slab has one
  // newer).
  void newest_exemplars(std::size_t first, std::size_t count, ExemplarReading* out) const;

  std::size_t count_slots() const noexcept { return shape_.count_slots; }
  std::size_t sum_slots() const noexcept { return shape_.sum_slots; }
  const SlabShape& shape() const noexcept { return shape_; }
  // Slabs created so far: the peak number of threads that used the module.
  std::size_t slab_count() const noexcept;

  // fork(): the prepare handler holds the free list's lock so the child's
  // copy is consistent; in the child, the slabs of the threads fork did not
  // copy become free, and with `zero` (a multi-process child, whose
  // parent's counts stay in the parent's file) every slot restarts at 0.
  void lock_for_fork() noexcept { free_mutex_.lock(); }
  void unlock_after_fork() noexcept { free_mutex_.unlock(); }
  void after_fork_in_child(bool zero) noexcept;

private:
  CreateSlab create_;
  SlabShape shape_;
  std::mutex free_mutex_;
  SlabHeader* free_ = nullptr;
  // Newest first; slabs are only ever added, so readers walk it freely.
  std::atomic<SlabHeader*> all_{nullptr};
};

// Counted when a slab cannot be allocated (the update is lost).
void count_dropped_update() noexcept;

// The gauge slots of one module: the module's own array, or in
// multi-process mode a block of the process's metrics file, chosen at the
// first update of any of them. Thread-safe.
class GaugeBlock {
public:
  constexpr GaugeBlock(std::uint64_t fingerprint, std::atomic<double>* own,
                       std::size_t size) noexcept
      : fingerprint_(fingerprint), own_(own), size_(size) {}
  GaugeBlock(const GaugeBlock&) = delete;
  GaugeBlock& operator=(const GaugeBlock&) = delete;

  std::atomic<double>* slots() noexcept {
    std::atomic<double>* slots = slots_.load(std::memory_order_acquire);
    if (TELEGEN_UNLIKELY(slots == nullptr))
      slots = resolve();
    return slots;
  }
  // The slots once a gauge was updated, else null.
  const std::atomic<double>* updated() const noexcept {
    return slots_.load(std::memory_order_acquire);
  }
  // What this process shows: the slots, all 0 before the first update.
  const std::atomic<double>* values() const noexcept {
    const std::atomic<double>* slots = updated();
    return slots != nullptr ? slots : own_;
  }
  std::size_t size() const noexcept { return size_; }
  std::uint64_t fingerprint() const noexcept { return fingerprint_; }
  // A forked multi-process child starts its gauges at 0.
  void zero_after_fork() noexcept;

private:
  TELEGEN_NOINLINE std::atomic<double>* resolve() noexcept;

  std::uint64_t fingerprint_;
  std::atomic<double>* own_;
  std::size_t size_;
  std::atomic<std::atomic<double>*> slots_{nullptr};
};

// The storage of one generated module. Layout is the generated struct with
// count_slots, sum_slots, gauge_slots and fingerprint. Gauges are
// process-wide (a gauge is set, not summed), the rest is per thread.
// Constant-initialized, so it works from static initializers of any
// translation unit.
// Thread-safe: local() returns the calling thread's slab, which only that
// thread writes; gauge() slots are atomics any thread may update.
//   inline ModuleStorage<Layout> storage;           // generated, per module
//   bump(storage.local().counts[slot], 1);          // what counter_add does
template <class Layout> class ModuleStorage {
public:
  struct alignas(64) Slab {
    SlabHeader header;
    std::array<std::atomic<std::uint64_t>, Layout::count_slots> counts{};
    std::array<std::atomic<double>, Layout::sum_slots> sums{};
  };
  // The header is the slab's first member, so a SlabHeader* converts back.
  static_assert(std::is_standard_layout_v<Slab>);

  static constexpr SlabShape shape{
      Layout::fingerprint,  sizeof(Slab),        alignof(Slab),    offsetof(Slab, counts),
      offsetof(Slab, sums), Layout::count_slots, Layout::sum_slots};

  constexpr ModuleStorage() noexcept
      : shards_(&create_slab, shape),
        gauge_block_(Layout::fingerprint, own_gauges_.data(), Layout::gauge_slots) {}
  ModuleStorage(const ModuleStorage&) = delete;
  ModuleStorage& operator=(const ModuleStorage&) = delete;

  // The calling thread's slab. Only this thread writes it.
  Slab& local() noexcept {
    SlabHeader* slab = local_;
    if (TELEGEN_LIKELY(slab != nullptr))
      return *reinterpret_cast<Slab*>(slab);
    return attach();
  }

  std::atomic<double>& gauge(std::size_t slot) noexcept { return gauge_block_.slots()[slot]; }

  ShardSet& shards() noexcept { return shards_; }
  GaugeBlock& gauges() noexcept { return gauge_block_; }

private:
  static SlabHeader* create_slab() noexcept {
    void* memory = allocate_slab(shape);
    if (memory == nullptr)
      return nullptr;
    Slab* slab = new (memory) Slab{};
    slab->header.counts = slab->counts.data();
    slab->header.sums = slab->sums.data();
    return &slab->header;
  }

  TELEGEN_NOINLINE Slab& attach() noexcept {
    SlabHeader* slab = shards_.attach(&local_);
    if (slab == nullptr) {
      count_dropped_update();
      return discarded_;
    }
    return *reinterpret_cast<Slab*>(slab);
  }

  static inline thread_local SlabHeader* local_ = nullptr;
  // Written (racily, never read) by updates that could not get a slab.
  static inline Slab discarded_{};

  ShardSet shards_;
  std::array<std::atomic<double>, Layout::gauge_slots> own_gauges_{};
  GaugeBlock gauge_block_;
};

} // namespace telegen::detail
