// Names the runtime's background threads, so `top -H`, a debugger and the
// benchmarks can tell them apart.
#pragma once

#include <pthread.h>

namespace telegen::detail {

// `name`: at most 15 characters (Linux's limit). Best effort.
inline void name_this_thread(const char* name) noexcept {
  pthread_setname_np(pthread_self(), name);
}

} // namespace telegen::detail
