// An flock(2) held for a scope. flock locks belong to an open file
// description, which a forked child shares with its parent: a child opens
// the file again before it locks it (the multi-process store does).
#pragma once

#include <cerrno>
#include <sys/file.h>

namespace telegen::detail::multiprocess {

class FileLock {
public:
  // `operation`: LOCK_EX or LOCK_SH. Waits for the lock.
  FileLock(int fd, int operation) noexcept : fd_(fd) {
    int result;
    while ((result = ::flock(fd, operation)) != 0 && errno == EINTR) {
    }
    locked_ = result == 0;
  }
  ~FileLock() {
    if (locked_)
      ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool locked() const noexcept { return locked_; }

private:
  int fd_;
  bool locked_;
};

} // namespace telegen::detail::multiprocess
