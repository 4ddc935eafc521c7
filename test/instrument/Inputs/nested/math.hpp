#pragma once
#include <telegen/annotate.hpp>

template <typename T>
TELEGEN_SPAN("math.square", attrs(x))
T square(T x) {
  return x * x;
}
