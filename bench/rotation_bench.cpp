// Rotation of a log file with 5 and with 100,000 backups allowed:
// telegen's RotatingFile, which renames the backups that exist, beside the
// way it rotated before, a rename tried for every number below the limit
// (Python's RotatingFileHandler likewise looks for every number). Each iteration writes one line
// that does not fit, so each is one rotation; 100 rotations from an empty
// directory, as in a service's first 100 rotations (with 100,000 allowed,
// the directory ends with 100 backups).
#include "core/rotating_file.hpp"
#include "temp_dir.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

std::string fresh_dir() { return telegen::bench::temp_dir("telegen-rotation"); }

const std::string line = std::string(60, 'x') + "\n";

void BM_Rotate_Telegen(benchmark::State& state) {
  const std::string dir = fresh_dir();
  telegen::detail::RotatingFile file(dir + "/app.log", 64,
                                     static_cast<unsigned>(state.range(0)));
  file.write(line);
  for (auto _ : state)
    benchmark::DoNotOptimize(file.write(line));
  std::filesystem::remove_all(dir);
}

// The peer: what RotatingFile did before, inline.
void BM_Rotate_EveryNumber(benchmark::State& state) {
  const unsigned backups = static_cast<unsigned>(state.range(0));
  const std::string dir = fresh_dir();
  const std::string path = dir + "/app.log";
  const auto numbered = [&](unsigned n) { return path + "." + std::to_string(n); };
  std::FILE* file = std::fopen(path.c_str(), "w");
  std::fputs(line.c_str(), file);
  for (auto _ : state) {
    std::fclose(file);
    std::remove(numbered(backups).c_str());
    for (unsigned n = backups - 1; n >= 1; --n)
      std::rename(numbered(n).c_str(), numbered(n + 1).c_str());
    std::rename(path.c_str(), numbered(1).c_str());
    file = std::fopen(path.c_str(), "w");
    std::fputs(line.c_str(), file);
    std::fflush(file);
  }
  std::fclose(file);
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_Rotate_Telegen)->Arg(5)->Arg(100000)->Iterations(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Rotate_EveryNumber)
    ->Arg(5)
    ->Arg(100000)
    ->Iterations(100)
    ->Unit(benchmark::kMicrosecond);

} // namespace
