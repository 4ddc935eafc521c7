// A process forked from a test that answers the test's commands, for tests
// of what several processes see (multi-process metrics). The child runs
// the handler for each command line and sends back what it returns, until
// it is told to exit or is killed.
//
//   test::WorkerProcess worker([](const std::string& command) {
//     if (command == "inc") counter.inc();
//     return telegen::metrics_text();
//   });
//   std::string text = worker.ask("inc");
//   worker.exit();
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace telegen::test {

class WorkerProcess {
public:
  using Handler = std::function<std::string(const std::string& command)>;

  explicit WorkerProcess(Handler handler);
  // Kills the worker if it still runs, and reaps it.
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // Sends one command (no line feed in it) and returns the handler's answer.
  std::string ask(const std::string& command);
  // Lets the worker leave through exit(0); returns its wait status.
  int exit();
  // SIGKILL; returns its wait status.
  int kill();

private:
  int reap();

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

} // namespace telegen::test
