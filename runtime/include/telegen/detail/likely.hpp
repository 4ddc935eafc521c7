// Branch hints and noinline for the runtime's hot paths, which keep their
// rare first-use work out of line.
#pragma once

#if defined(__GNUC__)
#define TELEGEN_LIKELY(x) __builtin_expect(!!(x), 1)
#define TELEGEN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define TELEGEN_NOINLINE __attribute__((noinline))
#else
#define TELEGEN_LIKELY(x) (x)
#define TELEGEN_UNLIKELY(x) (x)
#define TELEGEN_NOINLINE
#endif
