#pragma once
#include <cstddef>
#include "nested/math.hpp"

inline double area(double side) { return square(side); }
