#include "telegen/detail/thread_shards.hpp"

#include "telegen/detail/exemplar.hpp"

#include "telegen/detail/self_metrics.hpp"

#include <pthread.h>

namespace telegen::detail {
namespace {

SelfCounter dropped_updates{
    "telegen_metric_updates_dropped_total",
    "Metric updates lost because memory for a thread's metric slots could not be allocated."};

// A pthread key rather than a thread_local destructor: key destructors run
// after every C++ thread_local destructor, so updates made from those still
// land in the thread's slabs; an update made from a later key destructor
// attaches again and the key is destroyed again in the next round.
void release_thread_slabs(void* first) {
  for (auto* slab = static_cast<SlabHeader*>(first); slab != nullptr;) {
    SlabHeader* next = slab->next_of_thread;
    *slab->thread_slot = nullptr;
    slab->next_of_thread = nullptr;
    slab->owner->release(slab);
    slab = next;
  }
}

struct ThreadSlabsKey {
  pthread_key_t key{};
  // Without a key (the process ran out of them) slabs are not recycled:
  // counts stay right, memory grows with the number of threads ever started.
  bool valid = pthread_key_create(&key, &release_thread_slabs) == 0;
};

const ThreadSlabsKey& thread_slabs_key() {
  static const ThreadSlabsKey key;
  return key;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] const ThreadSlabsKey& key_at_load = thread_slabs_key();

} // namespace

void count_dropped_update() noexcept { dropped_updates.add(); }

SlabHeader* ShardSet::attach(SlabHeader** thread_slot) noexcept {
  SlabHeader* slab = nullptr;
  {
    std::lock_guard<std::mutex> lock(free_mutex_);
    if (free_ != nullptr) {
      slab = free_;
      free_ = slab->next_free;
      slab->next_free = nullptr;
    }
  }
  if (slab == nullptr) {
    slab = create_();
    if (slab == nullptr)
      return nullptr;
    slab->owner = this;
    slab->next_in_set = all_.load(std::memory_order_relaxed);
    while (!all_.compare_exchange_weak(slab->next_in_set, slab, std::memory_order_release,
                                       std::memory_order_relaxed)) {
    }
  }
  slab->thread_slot = thread_slot;
  const ThreadSlabsKey& key = thread_slabs_key();
  if (key.valid) {
    slab->next_of_thread = static_cast<SlabHeader*>(pthread_getspecific(key.key));
    pthread_setspecific(key.key, slab);
  }
  *thread_slot = slab;
  return slab;
}

void ShardSet::release(SlabHeader* slab) noexcept {
  std::lock_guard<std::mutex> lock(free_mutex_);
  slab->next_free = free_;
  free_ = slab;
}

void ShardSet::sum(std::uint64_t* counts, double* sums) const {
  for (const SlabHeader* slab = all_.load(std::memory_order_acquire); slab != nullptr;
       slab = slab->next_in_set) {
    for (std::size_t i = 0; i < shape_.count_slots; ++i)
      counts[i] += slab->counts[i].load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < shape_.sum_slots; ++i)
      sums[i] += slab->sums[i].load(std::memory_order_relaxed);
  }
}

void ShardSet::after_fork_in_child(bool zero) noexcept {
  // The calling thread is the only one fork copied: it keeps its slabs, the
  // other threads' become free.
  const ThreadSlabsKey& key = thread_slabs_key();
  const auto* kept =
      key.valid ? static_cast<const SlabHeader*>(pthread_getspecific(key.key)) : nullptr;
  free_ = nullptr;
  for (SlabHeader* slab = all_.load(std::memory_order_acquire); slab != nullptr;
       slab = slab->next_in_set) {
    bool held = false;
    for (const SlabHeader* own = kept; own != nullptr && !held; own = own->next_of_thread)
      held = own == slab;
    if (!held) {
      slab->next_of_thread = nullptr;
      slab->next_free = free_;
      free_ = slab;
    }
    if (zero) {
      for (std::size_t i = 0; i < shape_.count_slots; ++i)
        slab->counts[i].store(0, std::memory_order_relaxed);
      for (std::size_t i = 0; i < shape_.sum_slots; ++i)
        slab->sums[i].store(0, std::memory_order_relaxed);
      clear_exemplars(*slab, shape_.count_slots);
    }
  }
}

std::size_t ShardSet::slab_count() const noexcept {
  std::size_t count = 0;
  for (const SlabHeader* slab = all_.load(std::memory_order_acquire); slab != nullptr;
       slab = slab->next_in_set)
    ++count;
  return count;
}

} // namespace telegen::detail
