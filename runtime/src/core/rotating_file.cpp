#include "core/rotating_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace telegen::detail {

bool write_fd(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

RotatingFile::RotatingFile(std::string path, std::uint64_t max_bytes, unsigned backups)
    : path_(std::move(path)), max_bytes_(max_bytes), backups_(backups) {}

RotatingFile::~RotatingFile() {
  if (fd_ >= 0)
    ::close(fd_);
}

void RotatingFile::report(const char* what) {
  if (failing_)
    return;
  failing_ = true;
  std::fprintf(stderr,
               "telegen: cannot %s %s: %s; its lines are counted as lost until it works again\n",
               what, path_.c_str(), std::strerror(errno));
}

bool RotatingFile::open() {
  std::error_code ignored;
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ignored);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    report("open");
    return false;
  }
  struct stat st;
  const bool known = ::fstat(fd_, &st) == 0;
  // A device, a FIFO or a socket (/dev/null, /dev/stdout) is written, never
  // renamed: rotating it would replace the device with a regular file.
  regular_ = known && S_ISREG(st.st_mode);
  size_ = regular_ ? static_cast<std::uint64_t>(st.st_size) : 0;
  return true;
}

unsigned RotatingFile::count_backups() const {
  namespace fs = std::filesystem;
  const fs::path path(path_);
  const std::string prefix = path.filename().string() + ".";
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::vector<unsigned> numbers;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
      continue;
    unsigned number = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    const auto [end_of_number, problem] = std::from_chars(first, last, number);
    if (problem == std::errc() && end_of_number == last && number >= 1 && *first != '0')
      numbers.push_back(number);
  }
  std::sort(numbers.begin(), numbers.end());
  unsigned count = 0;
  for (unsigned number : numbers)
    if (number == count + 1)
      ++count;
  return count;
}

void RotatingFile::rotate() {
  ::close(fd_);
  fd_ = -1;
  const auto numbered = [&](unsigned long n) { return path_ + "." + std::to_string(n); };
  if (backups_ == 0) {
    std::remove(path_.c_str());
  } else {
    if (existing_ < 0)
      existing_ = count_backups();
    unsigned long existing = static_cast<unsigned long>(existing_);
    if (existing >= backups_) {
      // The oldest kept, and any beyond it from a run that kept more.
      for (unsigned long n = existing; n >= backups_; --n)
        std::remove(numbered(n).c_str());
      existing = backups_ - 1;
    }
    for (unsigned long n = existing; n >= 1; --n)
      std::rename(numbered(n).c_str(), numbered(n + 1).c_str());
    std::rename(path_.c_str(), numbered(1).c_str());
    existing_ = static_cast<long>(existing + 1);
  }
  open();
}

bool RotatingFile::write_all(std::string_view bytes) {
  if (write_fd(fd_, bytes)) {
    size_ += bytes.size();
    failing_ = false;
    return true;
  }
  report("write to");
  return false;
}

std::size_t RotatingFile::write(std::string_view lines) {
  const auto count_lines = [](std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
      n += c == '\n';
    return n;
  };
  if (fd_ < 0 && !open())
    return count_lines(lines);
  std::size_t lost = 0;
  // Write in runs of whole lines that fit; rotate between runs.
  while (!lines.empty()) {
    std::size_t run = 0;
    while (run < lines.size()) {
      const std::size_t end = lines.find('\n', run);
      const std::size_t next = end == std::string_view::npos ? lines.size() : end + 1;
      // A line longer than max_bytes goes alone into a fresh file.
      if (regular_ && size_ + next > max_bytes_ && !(run == 0 && size_ == 0))
        break;
      run = next;
    }
    if (run == 0) {
      rotate();
      if (fd_ < 0)
        return lost + count_lines(lines);
      continue;
    }
    if (!write_all(lines.substr(0, run)))
      lost += count_lines(lines.substr(0, run));
    lines.remove_prefix(run);
  }
  return lost;
}

} // namespace telegen::detail
