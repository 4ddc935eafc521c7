#include "telegen/detail/process.hpp"

#include "telegen/propagation.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace telegen::detail {

ChildEnvironment::ChildEnvironment(char* const* base) {
  for (char* const* entry = base; entry != nullptr && *entry != nullptr; ++entry)
    entries_.emplace_back(*entry);
  EnvCarrier carrier(entries_);
  inject(carrier);
  pointers_.reserve(entries_.size() + 1);
  for (std::string& entry : entries_)
    pointers_.push_back(entry.data());
  pointers_.push_back(nullptr);
}

int execv_in_context(const char* path, char* const argv[]) {
  return execve(path, argv, ChildEnvironment(environ));
}

int execvp_in_context(const char* file, char* const argv[]) {
  return execvpe(file, argv, ChildEnvironment(environ));
}

namespace {

// While any system_in_context call waits for its child, SIGINT and SIGQUIT
// are ignored in this process (as system() does); the first caller saves
// the dispositions and the last one restores them.
std::mutex signal_mutex;
int waiting_callers = 0;
struct sigaction saved_interrupt;
struct sigaction saved_quit;

} // namespace

int system_in_context(const char* command) {
  if (command == nullptr)
    return std::system(nullptr); // is a shell available?

  sigset_t block_child, saved_mask;
  sigemptyset(&block_child);
  sigaddset(&block_child, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &block_child, &saved_mask);
  {
    std::lock_guard<std::mutex> lock(signal_mutex);
    if (waiting_callers++ == 0) {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      sigemptyset(&ignore.sa_mask);
      sigaction(SIGINT, &ignore, &saved_interrupt);
      sigaction(SIGQUIT, &ignore, &saved_quit);
    }
  }

  // The child gets the default SIGINT and SIGQUIT and the caller's mask.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGQUIT);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &saved_mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  const char* shell_argv[] = {"sh", "-c", command, nullptr};
  pid_t child = -1;
  int status = -1;
  int spawn_error = posix_spawn(&child, "/bin/sh", nullptr, &attributes,
                                const_cast<char* const*>(shell_argv), ChildEnvironment(environ));
  posix_spawnattr_destroy(&attributes);
  if (spawn_error == 0) {
    while (waitpid(child, &status, 0) == -1) {
      if (errno != EINTR) {
        status = -1;
        break;
      }
    }
  }

  {
    std::lock_guard<std::mutex> lock(signal_mutex);
    if (--waiting_callers == 0) {
      sigaction(SIGINT, &saved_interrupt, nullptr);
      sigaction(SIGQUIT, &saved_quit, nullptr);
    }
  }
  pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
  if (spawn_error != 0) {
    errno = spawn_error;
    return -1;
  }
  return status;
}

} // namespace telegen::detail
