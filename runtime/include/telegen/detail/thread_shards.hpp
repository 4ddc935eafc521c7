// Per-thread storage of generated metrics. Each generated module (one schema)
// has a fixed layout of slots decided at generation time. Every thread that
// updates the module gets its own slab of those slots on first use and is
// the only writer of it, so an update is a plain load and store (no lock
// prefix, no shared cache line). A scrape sums the slabs of every thread.
// When a thread exits, its slab goes back to the module with its values and
// the next new thread continues counting in it, so totals never go back and
// memory stays bounded by the peak number of threads.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <type_traits>

#if defined(__GNUC__)
#define TELEGEN_LIKELY(x) __builtin_expect(!!(x), 1)
#define TELEGEN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define TELEGEN_NOINLINE __attribute__((noinline))
#else
#define TELEGEN_LIKELY(x) (x)
#define TELEGEN_UNLIKELY(x) (x)
#define TELEGEN_NOINLINE
#endif

namespace telegen::detail {

class ShardSet;

// The first member of every slab: what the runtime needs to list, hand out
// and read slabs without knowing the module's layout.
struct SlabHeader {
  ShardSet* owner = nullptr;
  SlabHeader* next_in_set = nullptr;    // every slab of the module (set once)
  SlabHeader* next_free = nullptr;      // slabs whose thread has exited
  SlabHeader* next_of_thread = nullptr; // slabs the current thread holds
  SlabHeader** thread_slot = nullptr;   // the holding thread's pointer to it
  const std::atomic<std::uint64_t>* counts = nullptr;
  const std::atomic<double>* sums = nullptr;
};

// The layout-independent part of a module's storage: the slabs of every
// thread. Thread-safe; attach() and release() are the slow path (a mutex
// for the free list), sum() is what a scrape calls (lock-free, so a scrape
// never holds up a thread's first update).
class ShardSet {
public:
  using CreateSlab = SlabHeader* (*)() noexcept;

  constexpr ShardSet(CreateSlab create, std::size_t count_slots, std::size_t sum_slots) noexcept
      : create_(create), count_slots_(count_slots), sum_slots_(sum_slots) {}
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

  std::size_t count_slots() const noexcept { return count_slots_; }
  std::size_t sum_slots() const noexcept { return sum_slots_; }
  // Slabs created so far: the peak number of threads that used the module.
  std::size_t slab_count() const noexcept;

private:
  CreateSlab create_;
  std::size_t count_slots_;
  std::size_t sum_slots_;
  std::mutex free_mutex_;
  SlabHeader* free_ = nullptr;
  // Newest first; slabs are only ever added, so readers walk it freely.
  std::atomic<SlabHeader*> all_{nullptr};
};

// Counted when a slab cannot be allocated (the update is lost).
void count_dropped_update() noexcept;

// The storage of one generated module. Layout is the generated struct with
// count_slots, sum_slots and gauge_slots. Gauges are process-wide (a gauge
// is set, not summed), the rest is per thread. Constant-initialized, so it
// works from static initializers of any translation unit.
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

  constexpr ModuleStorage() noexcept
      : shards_(&create_slab, Layout::count_slots, Layout::sum_slots) {}
  ModuleStorage(const ModuleStorage&) = delete;
  ModuleStorage& operator=(const ModuleStorage&) = delete;

  // The calling thread's slab. Only this thread writes it.
  Slab& local() noexcept {
    SlabHeader* slab = local_;
    if (TELEGEN_LIKELY(slab != nullptr))
      return *reinterpret_cast<Slab*>(slab);
    return attach();
  }

  std::atomic<double>& gauge(std::size_t slot) noexcept { return gauges_[slot]; }

  ShardSet& shards() noexcept { return shards_; }
  const std::atomic<double>* gauges() const noexcept { return gauges_.data(); }

private:
  static SlabHeader* create_slab() noexcept {
    Slab* slab = new (std::nothrow) Slab{};
    if (slab == nullptr)
      return nullptr;
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
  std::array<std::atomic<double>, Layout::gauge_slots> gauges_{};
};

} // namespace telegen::detail
