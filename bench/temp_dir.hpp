// A fresh directory under /tmp for a benchmark's files (mkdtemp); the
// benchmark removes it when done.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <string>

namespace telegen::bench {

inline std::string temp_dir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    std::abort();
  return pattern;
}

} // namespace telegen::bench
