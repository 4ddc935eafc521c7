// An expected-like type (has_value() and error()) works with status = result.
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags | FileCheck %s
#include <telegen/annotate.hpp>

template <typename T, typename E> struct Expected {
  bool has_value() const { return ok; }
  const E &error() const { return err; }
  bool ok = true;
  T value{};
  E err{};
};

TELEGEN_SPAN("parse", status = result)
Expected<int, int> parse(int text) { return {}; }

// CHECK: "status": "expected"
