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
// depot's lock once per 64 hops (context/task_memory.cpp).
// For the runtime and generated code only.
#pragma once

#include <cstddef>

namespace telegen::detail {

// `size` bytes aligned to `alignment`; freed with free_task_memory and the
// same size and alignment, on any thread. Throws std::bad_alloc as
// operator new does.
void* allocate_task_memory(std::size_t size, std::size_t alignment);
void free_task_memory(void* block, std::size_t size, std::size_t alignment) noexcept;

} // namespace telegen::detail
