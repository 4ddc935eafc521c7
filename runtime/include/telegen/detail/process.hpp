// Child processes continue the caller's trace: `telegen instrument` passes
// their environment through ChildEnvironment, and replaces the calls that
// use the parent's environment with the functions below. The child's
// runtime reads TRACEPARENT, TRACESTATE, BAGGAGE and the request context
// (X_REQUEST_ID, ...) from its environment at start. For generated code
// only; by hand, use telegen::environment_with().
#pragma once

#include <string>
#include <vector>

namespace telegen::detail {

// The environment `base` (a null-terminated "NAME=value" array, such as
// environ) with the calling thread's context added, replacing any trace
// context already there. Converts to what execve and posix_spawn take, and
// lives until the end of the full-expression that creates it:
//
//   execve(path, argv, ::telegen::detail::ChildEnvironment(environ));
//
// Not thread-safe to share; each call site makes its own.
class ChildEnvironment {
public:
  explicit ChildEnvironment(char* const* base);
  ChildEnvironment(const ChildEnvironment&) = delete;
  ChildEnvironment& operator=(const ChildEnvironment&) = delete;

  operator char* const*() const noexcept { return pointers_.data(); }

private:
  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

// execv, execvp and system, with the caller's context in the child's
// environment. Same arguments, results and errno as the functions they
// replace; system_in_context handles SIGINT, SIGQUIT and SIGCHLD as POSIX
// specifies for system().
int execv_in_context(const char* path, char* const argv[]);
int execvp_in_context(const char* file, char* const argv[]);
int system_in_context(const char* command);

} // namespace telegen::detail
