// Stack traces for the error path: capture_stack() takes the return
// addresses of the calling thread's frames (an unwind, no symbols), and
// append_stacktrace() turns them into text later, on whichever thread can
// afford it. Nothing here runs unless an error is recorded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace telegen::detail {

// Frames kept per stack trace; deeper stacks keep their innermost frames.
inline constexpr std::size_t max_stack_frames = 32;

// Up to `capacity` program counters of the calling thread's stack,
// innermost first, starting `skip` frames above the caller of
// capture_stack. Returns how many were written (0 when the stack cannot be
// read). Thread-safe.
std::size_t capture_stack(std::uintptr_t* pcs, std::size_t capacity, int skip) noexcept;

// Appends one line per frame, innermost first, numbered from 0, in the
// form of a debugger's backtrace:
//
//   #0 orders::charge(Order const&) at /src/orders.cpp:57
//   #1 orders::place(OrderId, Region) at /src/orders.cpp:41
//   #2 __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x27304)
//
// Functions inlined into a frame get lines of their own. Names are
// demangled; file:line come from the binary's DWARF line tables (built
// with -g), otherwise the symbol table names the function and the module
// and offset locate it. The first call reads the debug information of the
// program, which takes milliseconds. Thread-safe.
void append_stacktrace(std::string& out, const std::uintptr_t* pcs, std::size_t count);

} // namespace telegen::detail
