#pragma once
#include "nested/math.hpp"

inline double area(double side) { return square(side); }
