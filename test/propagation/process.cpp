// Child processes receive the context in their environment: the environment
// argument is extended, and functions that use the parent's environment are
// replaced by telegen's equivalents.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <cstdlib>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

void spawn(char *const argv[]) {
  pid_t pid;
  posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ);
  execve("/bin/true", argv, environ);
  execv("/bin/true", argv);
  execvp("true", argv);
  std::system("true");
  ::system("true");
}

// CHECK: posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, ::telegen::detail::ChildEnvironment(environ));
// CHECK-NEXT: execve("/bin/true", argv, ::telegen::detail::ChildEnvironment(environ));
// CHECK-NEXT: ::telegen::detail::execv_in_context("/bin/true", argv);
// CHECK-NEXT: ::telegen::detail::execvp_in_context("true", argv);
// CHECK-NEXT: ::telegen::detail::system_in_context("true");
// CHECK-NEXT: ::telegen::detail::system_in_context("true");
