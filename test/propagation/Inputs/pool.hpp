// A pool whose submit is declared a boundary in the schema of the
// check-boundaries tests.
#pragma once
#include <functional>

namespace jobs {
struct Pool {
  void submit(std::function<void()> task);
};
} // namespace jobs
