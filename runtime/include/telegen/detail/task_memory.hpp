// Memory for the callables bind_context makes, when a task type keeps them
// on the heap: libstdc++'s std::function does for anything larger than two
// pointers or not trivially copyable, which a callable holding a counted
// context never is, and std::move_only_function for anything larger than
// two pointers. A pool's task is made on the
// submitting thread and destroyed on a worker: with malloc, every hop
// allocated on one core and freed on the other, both in the same arena.
// Here each thread keeps up to two batches of 64 of the blocks it frees,
// hands further batches to a process-wide depot, and takes a batch from
// there when it has none: a submitting thread and its worker each meet the
// depot's lock once per 64 hops (context/task_memory.cpp). An allocation
// or a free that its thread's first list serves takes no call.
// For the runtime and generated code only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <new>

namespace telegen::detail {

// `size` bytes aligned to `alignment`; freed with free_task_memory and the
// same size and alignment, on any thread. Throws std::bad_alloc as
// operator new does.
void* allocate_task_memory(std::size_t size, std::size_t alignment);
void free_task_memory(void* block, std::size_t size, std::size_t alignment) noexcept;

// A thread's free blocks: per block size (64, 128 and 256 bytes, aligned
// to a cache line), a list that takes frees and serves allocations, and a
// full batch or nothing behind it. Constant-initialized, so reading it
// needs no guard.
struct TaskMemoryLists {
  static constexpr std::size_t line = 64;
  static constexpr std::size_t size_count = 3; // blocks of line << 0, 1, 2
  static constexpr std::uint32_t batch = 64;

  struct FreeBlock {
    FreeBlock* next;
  };
  struct FreeList {
    FreeBlock* head;
    std::uint32_t count;
  };
  struct SizeLists {
    FreeList current;
    FreeList spare;
  };

  // The index of the smallest block that holds `size` bytes aligned to
  // `alignment`, or size_count when none does.
  static constexpr std::size_t size_index(std::size_t size, std::size_t alignment) noexcept {
    if (alignment > line)
      return size_count;
    std::size_t index = 0;
    while (index < size_count && (line << index) < size)
      ++index;
    return index;
  }

  // The head of `list`, which holds a block, taken off it.
  static void* pop(FreeList& list) noexcept {
    FreeBlock* block = list.head;
    list.head = block->next;
    --list.count;
    // The next block was last written on the core that freed it: fetch it
    // now, while the caller fills this one.
    __builtin_prefetch(list.head, 1);
    return block;
  }
  static void push(FreeList& list, void* block) noexcept {
    list.head = new (block) FreeBlock{list.head};
    ++list.count;
  }

  std::array<SizeLists, size_count> sizes;
  bool closed; // the thread is exiting: keep nothing
};
inline thread_local TaskMemoryLists task_memory_lists{};

// allocate_task_memory and free_task_memory for a size and alignment known
// at compile time: a block from the thread's first list, or a call.
template <std::size_t Size, std::size_t Alignment> void* allocate_task_block() {
  constexpr std::size_t index = TaskMemoryLists::size_index(Size, Alignment);
  if constexpr (index == TaskMemoryLists::size_count) {
    return allocate_task_memory(Size, Alignment);
  } else {
    TaskMemoryLists::FreeList& list = task_memory_lists.sizes[index].current;
    if (list.head == nullptr)
      return allocate_task_memory(Size, Alignment);
    return TaskMemoryLists::pop(list);
  }
}
template <std::size_t Size, std::size_t Alignment> void free_task_block(void* block) noexcept {
  constexpr std::size_t index = TaskMemoryLists::size_index(Size, Alignment);
  if constexpr (index != TaskMemoryLists::size_count) {
    // A list that holds a block is a live thread's; one short of a batch,
    // the call hands the batch on.
    TaskMemoryLists::FreeList& list = task_memory_lists.sizes[index].current;
    if (list.head != nullptr && list.count + 1 < TaskMemoryLists::batch) {
      TaskMemoryLists::push(list, block);
      return;
    }
  }
  free_task_memory(block, Size, Alignment);
}

} // namespace telegen::detail
