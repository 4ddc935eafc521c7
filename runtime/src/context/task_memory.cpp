// Recycled memory for bound callables (telegen/detail/task_memory.hpp).
//
// Blocks come in three sizes, 64, 128 and 256 bytes, aligned to a cache
// line, so that the callable of a task capturing nothing fills one line,
// which moves to the worker's core and back once per hop. Each thread keeps
// two free lists per size: a free pushes onto the first, and when it holds
// a batch, the second (if full) goes to the depot and the first takes its
// place. An allocation pops from the first, else takes the second, else a
// batch from the depot, else calls operator new. The depot keeps a bounded
// number of batches per size and frees the rest; a thread that exits hands
// its lists to it. Larger or more aligned callables go to operator new.
#include "telegen/detail/task_memory.hpp"

#include <array>
#include <cstdint>
#include <mutex>
#include <new>
#include <type_traits>

#include <pthread.h>

namespace telegen::detail {
namespace {

using FreeBlock = TaskMemoryLists::FreeBlock;
using FreeList = TaskMemoryLists::FreeList;
using SizeLists = TaskMemoryLists::SizeLists;
constexpr std::size_t line = TaskMemoryLists::line;
constexpr std::size_t size_count = TaskMemoryLists::size_count;
constexpr std::uint32_t batch = TaskMemoryLists::batch;
constexpr std::size_t depot_capacity = 16; // lists per size

std::size_t block_size(std::size_t size_index) noexcept { return line << size_index; }

void* allocate_block(std::size_t size_index) {
  return ::operator new(block_size(size_index), std::align_val_t(line));
}

void free_block(void* block, std::size_t size_index) noexcept {
  ::operator delete(block, block_size(size_index), std::align_val_t(line));
}

// Beyond the blocks: what operator new gives.
void* allocate_unpooled(std::size_t size, std::size_t alignment) {
  if (alignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
    return ::operator new(size, std::align_val_t(alignment));
  return ::operator new(size);
}

void free_unpooled(void* block, std::size_t size, std::size_t alignment) noexcept {
  if (alignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
    ::operator delete(block, size, std::align_val_t(alignment));
  else
    ::operator delete(block, size);
}

void free_all(FreeList list, std::size_t size_index) noexcept {
  while (list.head != nullptr) {
    FreeBlock* next = list.head->next;
    free_block(list.head, size_index);
    list.head = next;
  }
}

// Whole free lists, handed between threads under one lock.
class Depot {
public:
  // Keeps `list` if there is room, else frees its blocks.
  void put(FreeList list, std::size_t size_index) noexcept {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      std::size_t& count = counts_[size_index];
      if (count < depot_capacity) {
        lists_[size_index][count++] = list;
        return;
      }
    }
    free_all(list, size_index);
  }
  // A list of blocks, or an empty one.
  FreeList take(std::size_t size_index) noexcept {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::size_t& count = counts_[size_index];
    return count == 0 ? FreeList{nullptr, 0} : lists_[size_index][--count];
  }

  // fork() copies only the calling thread: the lock is held across it, as
  // the locks of the recording paths are, so that the child's copy is free.
  void lock_for_fork() noexcept { mutex_.lock(); }
  void unlock_after_fork() noexcept { mutex_.unlock(); }

private:
  std::mutex mutex_;
  std::array<std::array<FreeList, depot_capacity>, size_count> lists_{};
  std::array<std::size_t, size_count> counts_{};
};

// Constant-initialized, so that no first use runs a constructor under a
// static guard: a child forked while another thread held that guard would
// wait on it forever. And never destroyed, since threads may free blocks
// while the process exits.
static_assert((Depot(), true), "a Depot is made at compile time");
static_assert(std::is_trivially_destructible_v<Depot>);
Depot depot;

// Registered while the program loads, before it can start a thread that
// would race the registration with a fork.
[[maybe_unused]] const int fork_handlers =
    pthread_atfork([] { depot.lock_for_fork(); }, [] { depot.unlock_after_fork(); },
                   [] { depot.unlock_after_fork(); });

// Hands the thread's lists to the depot when the thread exits; constructed
// by the first refill or the first free onto empty lists, so that its
// destructor is registered.
struct ThreadListsOwner {
  bool armed = false;
  ~ThreadListsOwner() {
    for (std::size_t index = 0; index < size_count; ++index)
      for (FreeList* list :
           {&task_memory_lists.sizes[index].current, &task_memory_lists.sizes[index].spare}) {
        if (list->head != nullptr)
          depot.put(*list, index);
        *list = {nullptr, 0};
      }
    task_memory_lists.closed = true;
  }
};
thread_local ThreadListsOwner owner;

} // namespace

void* allocate_task_memory(std::size_t size, std::size_t alignment) {
  const std::size_t size_index = TaskMemoryLists::size_index(size, alignment);
  if (size_index == size_count)
    return allocate_unpooled(size, alignment);
  SizeLists& lists = task_memory_lists.sizes[size_index];
  if (lists.current.head == nullptr) {
    if (lists.spare.head != nullptr) {
      lists.current = lists.spare;
      lists.spare = {nullptr, 0};
    } else if (!task_memory_lists.closed) {
      owner.armed = true;
      lists.current = depot.take(size_index);
    }
  }
  if (lists.current.head == nullptr)
    return allocate_block(size_index);
  return TaskMemoryLists::pop(lists.current);
}

void free_task_memory(void* block, std::size_t size, std::size_t alignment) noexcept {
  const std::size_t size_index = TaskMemoryLists::size_index(size, alignment);
  if (size_index == size_count) {
    free_unpooled(block, size, alignment);
    return;
  }
  if (task_memory_lists.closed) {
    free_block(block, size_index);
    return;
  }
  SizeLists& lists = task_memory_lists.sizes[size_index];
  if (lists.current.head == nullptr && lists.spare.head == nullptr)
    owner.armed = true;
  TaskMemoryLists::push(lists.current, block);
  if (lists.current.count < batch)
    return;
  if (lists.spare.head != nullptr)
    depot.put(lists.spare, size_index);
  lists.spare = lists.current;
  lists.current = {nullptr, 0};
}

} // namespace telegen::detail
