#include "metrics/process_stats.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

namespace telegen::detail {
namespace {

using multiprocess::ProcessIdentity;

// Reads a small /proc file into `buffer`; the text read, empty on failure.
std::string_view read_proc_file(const char* path, char* buffer, std::size_t size) noexcept {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return {};
  std::size_t length = 0;
  while (length < size) {
    const ssize_t n = ::read(fd, buffer + length, size - length);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    length += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return {buffer, length};
}

// Reads /proc/<pid>/<name> into `buffer`.
std::string_view read_process_file(std::int64_t pid, const char* name, char* buffer,
                                   std::size_t size) noexcept {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%lld/%s", static_cast<long long>(pid), name);
  return read_proc_file(path, buffer, size);
}

template <class Number> bool parse_number(std::string_view text, Number& out) noexcept {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::string_view next_field(std::string_view& text) noexcept {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  const std::size_t end = text.find(' ');
  const std::string_view field = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return field;
}

long ticks_per_second() noexcept {
  static const long ticks = [] {
    const long value = ::sysconf(_SC_CLK_TCK);
    return value > 0 ? value : 100;
  }();
  return ticks;
}

// btime in /proc/stat: the boot's time, in seconds since the epoch.
double boot_time() noexcept {
  static const double boot = [] {
    char buffer[16384];
    std::string_view text = read_proc_file("/proc/stat", buffer, sizeof buffer);
    const std::size_t at = text.find("\nbtime ");
    std::uint64_t seconds = 0;
    if (at != std::string_view::npos) {
      text.remove_prefix(at + 7);
      parse_number(text.substr(0, text.find('\n')), seconds);
    }
    return static_cast<double>(seconds);
  }();
  return boot;
}

void read_boot_id(char (&out)[multiprocess::boot_id_bytes]) noexcept {
  char buffer[64];
  std::string_view id = read_proc_file("/proc/sys/kernel/random/boot_id", buffer, sizeof buffer);
  while (!id.empty() && id.back() == '\n')
    id.remove_suffix(1);
  const std::size_t length = std::min(id.size(), sizeof out - 1);
  std::memcpy(out, id.data(), length);
  out[length] = '\0';
}

const ProcessIdentity& this_boot() noexcept {
  static const ProcessIdentity boot = [] {
    ProcessIdentity identity;
    read_boot_id(identity.boot_id);
    return identity;
  }();
  return boot;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] const long ticks_at_load = ticks_per_second();
[[maybe_unused]] const double boot_time_at_load = boot_time();
[[maybe_unused]] const ProcessIdentity& boot_at_load = this_boot();

} // namespace

std::optional<ProcessStats> read_process_stats(std::int64_t pid) noexcept {
  char buffer[1024];
  std::string_view text = read_process_file(pid, "stat", buffer, sizeof buffer);
  // The command name is in parentheses and may hold spaces and ')'.
  const std::size_t name_end = text.rfind(')');
  if (name_end == std::string_view::npos)
    return std::nullopt;
  text.remove_prefix(name_end + 1);
  // Fields 3 onwards of proc(5).
  std::string_view fields[22];
  for (std::string_view& field : fields)
    field = next_field(text);
  ProcessStats stats;
  std::uint64_t user_ticks = 0, system_ticks = 0, resident_pages = 0;
  if (fields[0].size() != 1 || !parse_number(fields[11], user_ticks) ||
      !parse_number(fields[12], system_ticks) || !parse_number(fields[17], stats.threads) ||
      !parse_number(fields[19], stats.start_ticks) ||
      !parse_number(fields[20], stats.virtual_bytes) || !parse_number(fields[21], resident_pages))
    return std::nullopt;
  stats.state = fields[0].front();
  stats.cpu_seconds =
      static_cast<double>(user_ticks + system_ticks) / static_cast<double>(ticks_per_second());
  stats.resident_bytes = resident_pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  return stats;
}

std::optional<std::uint64_t> count_open_fds(std::int64_t pid) noexcept {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%lld/fd", static_cast<long long>(pid));
  DIR* dir = ::opendir(path);
  if (dir == nullptr)
    return std::nullopt;
  std::uint64_t count = 0;
  while (const dirent* entry = ::readdir(dir))
    count += entry->d_name[0] != '.';
  ::closedir(dir);
  // The directory stream itself holds a descriptor while it is read.
  return pid == ::getpid() && count > 0 ? count - 1 : count;
}

std::optional<std::uint64_t> max_open_fds(std::int64_t pid) noexcept {
  char buffer[4096];
  std::string_view text = read_process_file(pid, "limits", buffer, sizeof buffer);
  const std::size_t at = text.find("Max open files");
  if (at == std::string_view::npos)
    return std::nullopt;
  text.remove_prefix(at + std::string_view("Max open files").size());
  std::uint64_t soft = 0;
  if (!parse_number(next_field(text), soft))
    return std::nullopt;
  return soft;
}

double start_time_seconds(std::uint64_t start_ticks) noexcept {
  return boot_time() + static_cast<double>(start_ticks) / static_cast<double>(ticks_per_second());
}

ProcessIdentity own_identity() noexcept {
  ProcessIdentity identity = this_boot();
  identity.pid = ::getpid();
  if (std::optional<ProcessStats> stats = read_process_stats(identity.pid)) {
    identity.start_ticks = stats->start_ticks;
    identity.start_time = start_time_seconds(stats->start_ticks);
  } else {
    identity.start_time = static_cast<double>(std::time(nullptr));
  }
  return identity;
}

bool is_running(const ProcessIdentity& process) noexcept {
  // A file name gives only the boot id's first characters.
  const std::size_t known = ::strnlen(process.boot_id, sizeof process.boot_id);
  if (std::strncmp(process.boot_id, this_boot().boot_id, known) != 0)
    return false;
  const std::optional<ProcessStats> stats = read_process_stats(process.pid);
  return stats && stats->start_ticks == process.start_ticks && stats->state != 'Z' &&
         stats->state != 'X';
}

} // namespace telegen::detail
