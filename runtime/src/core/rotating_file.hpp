// An append-only file of lines, rotated by size: when the next line would
// take it past `max_bytes`, path.N-1 becomes path.N (the oldest backup is
// deleted), ..., path becomes path.1, and a new path is started. Lines are
// written whole, by one thread, so none is lost or torn by a rotation.
//
// A rotation renames the backups that exist, not every number up to
// `backups`: the directory is listed once, at the first rotation, and the
// count kept from then on, so keeping 100,000 backups costs a rotation what
// keeping the few that exist does.
//
// Only a regular file rotates: a path naming a device, a FIFO or a socket
// (/dev/null, /dev/stdout, a named pipe) is written without limit and
// never renamed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace telegen::detail {

// Not thread-safe: owned by one background thread.
class RotatingFile {
public:
  RotatingFile(std::string path, std::uint64_t max_bytes, unsigned backups);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Appends `lines` (whole lines, each ending in '\n'), rotating between
  // lines as needed. Returns how many lines could not be written; the first
  // failure in a row is reported on stderr.
  std::size_t write(std::string_view lines);

  const std::string& path() const noexcept { return path_; }

private:
  bool open();
  void rotate();
  // path.1 ... path.N that exist without a gap, from a listing of the
  // directory.
  unsigned count_backups() const;
  // Writes all of `bytes`; false on an error other than EINTR.
  bool write_all(std::string_view bytes);
  void report(const char* what);

  std::string path_;
  std::uint64_t max_bytes_;
  unsigned backups_;
  // path.1 ... path.existing_ are the backups; unknown (-1) until the first
  // rotation lists the directory.
  long existing_ = -1;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  bool failing_ = false;
  bool regular_ = false; // a regular file, which rotates
};

// Writes whole lines to a file descriptor the process owns (stderr).
// Returns false on error.
bool write_fd(int fd, std::string_view bytes);

} // namespace telegen::detail
