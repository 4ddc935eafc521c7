// Threads whose first spans start telegen lazily, at the same moment: every
// one of those roots is sampled (always_on). Each round runs in a forked
// child, so that telegen starts from nothing in each; the parent never
// starts it. Exit status: the number of rounds with an unsampled root.
#include "telegen/span.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr telegen::detail::SpanSite root_site{"first.root", telegen::SpanKind::internal, "f",
                                              "f.cpp", 1};
constexpr int threads_per_round = 8;
constexpr int rounds = 40;

// In the child: the number of threads whose first root was not recording.
int unsampled_first_roots() {
  std::atomic<int> ready{0};
  std::atomic<int> unsampled{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < threads_per_round; ++i)
    threads.emplace_back([&] {
      ready.fetch_add(1);
      while (ready.load() < threads_per_round) {
      }
      telegen::SpanGuard root(root_site);
      if (!root.is_recording())
        unsampled.fetch_add(1);
    });
  for (std::thread& t : threads)
    t.join();
  return unsampled.load();
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  setenv("OTEL_TRACES_EXPORTER", "jsonl", 1);
  setenv("OTEL_TRACES_SAMPLER", "always_on", 1);
  setenv("TELEGEN_TRACES_FILE", (dir + "/traces.jsonl").c_str(), 1);
  setenv("TELEGEN_LOG_FILE", (dir + "/system.jsonl").c_str(), 1);
  int failed = 0;
  for (int round = 0; round < rounds; ++round) {
    const pid_t child = fork();
    if (child == 0)
      _exit(unsampled_first_roots());
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
      std::fprintf(stderr, "round %d: the child did not exit normally\n", round);
      return 2;
    }
    if (WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "round %d: %d of %d first roots were not sampled\n", round,
                   WEXITSTATUS(status), threads_per_round);
      ++failed;
    }
  }
  std::printf("%d of %d rounds had unsampled first roots\n", failed, rounds);
  return failed == 0 ? 0 : 1;
}
