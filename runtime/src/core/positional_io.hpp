// Whole reads and writes at a file offset: pread/pwrite until every byte
// is through, across short transfers and EINTR.
#pragma once

#include <cerrno>
#include <cstddef>
#include <sys/types.h>
#include <unistd.h>

namespace telegen::detail {

namespace positional_io {
template <class Transfer, class Bytes>
bool all(Transfer transfer, int fd, Bytes* data, std::size_t size, off_t offset) noexcept {
  while (size > 0) {
    const ssize_t n = transfer(fd, data, size, offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += n;
  }
  return true;
}
} // namespace positional_io

// False when the file ends first, or on an error (errno says which).
inline bool pread_all(int fd, char* data, std::size_t size, off_t offset) noexcept {
  return positional_io::all(::pread, fd, data, size, offset);
}

// False on an error (errno says which: ENOSPC for a full file system).
inline bool pwrite_all(int fd, const char* data, std::size_t size, off_t offset) noexcept {
  return positional_io::all(::pwrite, fd, data, size, offset);
}

} // namespace telegen::detail
