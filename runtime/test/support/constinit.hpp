// Declares a variable that must be constant-initialized: compilation fails
// if its constructor needs dynamic initialization, which would make metrics
// unusable from other translation units' static initializers.
#pragma once

#if defined(__clang__)
#define TELEGEN_TEST_CONSTINIT [[clang::require_constant_initialization]]
#elif defined(__GNUC__)
#define TELEGEN_TEST_CONSTINIT __constinit
#else
#define TELEGEN_TEST_CONSTINIT
#endif
