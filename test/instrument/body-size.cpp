// A body's size is its statements at every depth (a block and an empty
// statement are not ones) plus its calls; a body with a loop is never too
// small. The sizes docs/instrument.md shows.
// RUN: %telegen instrument %s --schema %S/Inputs/size-only.yaml --emit=model-json -- %cxxflags | FileCheck %s
#include <utility>
#include <vector>

namespace sizes {
struct Queue {
  int count() const { return count_; }
  void set_count(int n) { count_ = n; }
  bool empty() const { return count() == 0; }
  void push(int item) { items_.push_back(std::move(item)); }
  void flush_if_ready() {
    if (!ready_)
      return;
    flush();
  }
  void nested() {
    {
      ;
      count_ = 1;
    }
  }
  void clear() {
    for (int &item : items_)
      item = 0;
  }
  void flush() {}

  bool ready_ = false;
  int count_ = 0;
  std::vector<int> items_;
};
} // namespace sizes

// CHECK:      "function": "sizes::Queue::clear",
// CHECK:      "skipped": [
// CHECK:        "function": "sizes::Queue::count",
// CHECK:        "reason": "it is too small: 1 statement and 0 calls, below the rule's min_size of 100
// CHECK:        "function": "sizes::Queue::set_count",
// CHECK:        "reason": "it is too small: 1 statement and 0 calls,
// CHECK:        "function": "sizes::Queue::empty",
// CHECK:        "reason": "it is too small: 1 statement and 1 call,
// CHECK:        "function": "sizes::Queue::push",
// CHECK:        "reason": "it is too small: 1 statement and 2 calls,
// CHECK:        "function": "sizes::Queue::flush_if_ready",
// CHECK:        "reason": "it is too small: 3 statements and 1 call,
// CHECK:        "function": "sizes::Queue::nested",
// CHECK:        "reason": "it is too small: 1 statement and 0 calls,
// CHECK:        "function": "sizes::Queue::flush",
// CHECK:        "reason": "it is too small: 0 statements and 0 calls,
