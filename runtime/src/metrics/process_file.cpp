#include "metrics/process_file.hpp"

#include "core/positional_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace telegen::detail::multiprocess {
namespace {

// Address space for one process's records: far more than any process
// needs (a slab of 10,000 series is 80 KB), and costs nothing until used.
constexpr std::size_t reserved_bytes = std::size_t{1} << 30;
// The file grows by at least this much, and is allocated as it grows, so a
// full file system fails the growth here rather than an update later.
constexpr std::size_t growth_bytes = 256 * 1024;

std::string describe(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

// Allocates the file's blocks: on tmpfs and most file systems a full disk
// fails here instead of raising SIGBUS at a store into the mapping.
bool allocate(int fd, std::size_t from, std::size_t to) noexcept {
  return ::posix_fallocate(fd, static_cast<off_t>(from), static_cast<off_t>(to - from)) == 0;
}

} // namespace

std::string ProcessFile::file_name(const ProcessIdentity& identity) {
  char name[128];
  std::snprintf(name, sizeof name, "%.*s%lld-%llu-%.8s%.*s",
                static_cast<int>(process_file_prefix.size()), process_file_prefix.data(),
                static_cast<long long>(identity.pid),
                static_cast<unsigned long long>(identity.start_ticks), identity.boot_id,
                static_cast<int>(file_suffix.size()), file_suffix.data());
  return name;
}

bool ProcessFile::parse_file_name(const std::string& name, ProcessIdentity& identity) noexcept {
  long long pid = 0;
  unsigned long long ticks = 0;
  char boot[9] = {};
  int end = 0;
  if (std::sscanf(name.c_str(), "process-%lld-%llu-%8[0-9a-f].telegen%n", &pid, &ticks, boot,
                  &end) != 3 ||
      static_cast<std::size_t>(end) != name.size() || pid <= 0)
    return false;
  identity = ProcessIdentity{};
  identity.pid = pid;
  identity.start_ticks = ticks;
  std::memcpy(identity.boot_id, boot, sizeof boot);
  return true;
}

ProcessFile::ProcessFile(int fd, std::string path, char* base, std::size_t reserved)
    : fd_(fd), path_(std::move(path)), base_(base), reserved_(reserved) {}

ProcessFile::~ProcessFile() {
  ::munmap(base_, reserved_);
  if (fd_ >= 0)
    ::close(fd_);
}

std::unique_ptr<ProcessFile> ProcessFile::create(const std::string& dir,
                                                 const ProcessIdentity& identity) {
  const std::string path = dir + "/" + file_name(identity);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error(describe("cannot create", path));
  void* base = ::mmap(nullptr, reserved_bytes, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    const std::string error = describe("cannot reserve address space for", path);
    ::close(fd);
    ::unlink(path.c_str());
    throw std::runtime_error(error);
  }
  std::unique_ptr<ProcessFile> file(
      new ProcessFile(fd, path, static_cast<char*>(base), reserved_bytes));
  if (!file->grow(header_bytes)) {
    const std::string error = describe("cannot allocate", path);
    ::unlink(path.c_str());
    throw std::runtime_error(error);
  }
  auto* header = new (file->base_) ProcessFileHeader{};
  std::memcpy(header->magic, process_file_magic, sizeof header->magic);
  header->version = format_version;
  header->first_record = header_bytes;
  header->identity = identity;
  header->used.store(header_bytes, std::memory_order_release);
  return file;
}

bool ProcessFile::grow(std::size_t bytes) noexcept {
  std::size_t size = round_up(std::max(bytes, mapped_ + growth_bytes), growth_bytes);
  if (size > reserved_)
    return false;
  if (!allocate(fd_, mapped_, size))
    return false;
  if (::mmap(base_ + mapped_, size - mapped_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd_,
             static_cast<off_t>(mapped_)) == MAP_FAILED)
    return false;
  mapped_ = size;
  return true;
}

RecordHeader* ProcessFile::append(const RecordHeader& fields, std::size_t payload_bytes,
                                  std::string_view text) noexcept {
  auto* header = reinterpret_cast<ProcessFileHeader*>(base_);
  const std::size_t offset = header->used.load(std::memory_order_relaxed);
  const std::size_t bytes = round_up(sizeof(RecordHeader) + payload_bytes, record_align);
  if (offset + bytes > mapped_ && (fd_ < 0 || !grow(offset + bytes)))
    return nullptr;
  auto* record = reinterpret_cast<RecordHeader*>(base_ + offset);
  *record = fields;
  record->bytes = bytes;
  if (!text.empty()) // an empty view's data() may be null, which memcpy must not get
    std::memcpy(record + 1, text.data(), std::min(text.size(), payload_bytes));
  header->used.store(offset + bytes, std::memory_order_release);
  return record;
}

std::string ProcessFile::move_to_child_file(const std::string& dir,
                                            const ProcessIdentity& child) noexcept {
  const std::string path = dir + "/" + file_name(child);
  const std::size_t used = header().used.load(std::memory_order_relaxed);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  std::string error;
  if (fd < 0)
    error = describe("cannot create", path);
  else if (!allocate(fd, 0, mapped_) || !pwrite_all(fd, base_, used, 0))
    error = describe("cannot write", path);
  else if (::mmap(base_, mapped_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) ==
           MAP_FAILED)
    error = describe("cannot map", path);
  if (!error.empty()) {
    if (fd >= 0) {
      ::close(fd);
      ::unlink(path.c_str());
    }
    keep_in_memory();
    return error;
  }
  ::close(fd_);
  fd_ = fd;
  path_ = path;
  reinterpret_cast<ProcessFileHeader*>(base_)->identity = child;
  return {};
}

void ProcessFile::keep_in_memory() noexcept {
  // A private copy replaces the parent's file at the same addresses.
  void* copy = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (copy != MAP_FAILED) {
    std::memcpy(copy, base_, mapped_);
    ::mremap(copy, mapped_, mapped_, MREMAP_MAYMOVE | MREMAP_FIXED, base_);
  }
  ::close(fd_);
  fd_ = -1;
  path_.clear();
}

} // namespace telegen::detail::multiprocess
