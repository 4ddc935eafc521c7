#include "metrics/peer_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace telegen::detail::multiprocess {
namespace {

constexpr std::size_t slot_bytes = 8;

bool fits(std::size_t offset, std::size_t slots, std::size_t bytes) noexcept {
  return offset % slot_bytes == 0 && offset >= sizeof(RecordHeader) && offset <= bytes &&
         slots <= (bytes - offset) / slot_bytes;
}

} // namespace

PeerFile::~PeerFile() { unmap(); }

void PeerFile::add_problem(std::string text) {
  if (std::find(problems_.begin(), problems_.end(), text) == problems_.end())
    problems_.push_back(std::move(text));
}

void PeerFile::unmap() noexcept {
  if (base_ != nullptr)
    ::munmap(const_cast<char*>(base_), mapped_);
  base_ = nullptr;
  mapped_ = 0;
  parsed_ = header_bytes;
  broken_ = false;
  slabs_.clear();
  gauges_.clear();
  counts_.clear();
  families_.clear();
  user_series_.clear();
}

bool PeerFile::map(int fd, std::size_t size) {
  void* base = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED) {
    add_problem(std::string("cannot be mapped: ") + std::strerror(errno));
    return false;
  }
  base_ = static_cast<const char*>(base);
  mapped_ = size;
  return true;
}

bool PeerFile::refresh() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // Removed since the directory was read: what is mapped stays readable.
    if (base_ == nullptr)
      add_problem(std::string("cannot be opened: ") + std::strerror(errno));
    return base_ != nullptr;
  }
  struct stat status {};
  const bool have_size = ::fstat(fd, &status) == 0;
  const std::size_t size = have_size ? static_cast<std::size_t>(status.st_size) : 0;
  bool mapped = base_ != nullptr;
  if (!have_size || size < header_bytes) {
    add_problem("is " + std::to_string(size) +
                " bytes long, shorter than a telegen metrics file's header");
    mapped = false;
  } else if (size < mapped_) {
    // Reading past the new end would raise SIGBUS.
    add_problem("shrank from " + std::to_string(mapped_) + " to " + std::to_string(size) +
                " bytes while in use: something else writes it");
    mapped = false;
  } else if (size > mapped_) {
    // A new mapping: the records are indexed again from the first.
    unmap();
    mapped = map(fd, size);
  }
  ::close(fd);
  if (!mapped) {
    unmap();
    return false;
  }

  const auto& header = *reinterpret_cast<const ProcessFileHeader*>(base_);
  if (std::memcmp(header.magic, process_file_magic, sizeof header.magic) != 0) {
    add_problem("is not a telegen metrics file");
    unmap();
    return false;
  }
  if (header.version != format_version || header.first_record != header_bytes) {
    add_problem("is in format version " + std::to_string(header.version) +
                " of telegen's metrics files; this build reads version " +
                std::to_string(format_version));
    unmap();
    return false;
  }
  identity_ = header.identity;
  std::size_t end = header.used.load(std::memory_order_acquire);
  if (end > mapped_) {
    add_problem("is cut short: its records end at byte " + std::to_string(end) + " but it has " +
                std::to_string(mapped_) + " bytes; the records it has are read");
    end = mapped_;
  }
  while (!broken_ && parsed_ + sizeof(RecordHeader) <= end && index(parsed_, end))
    parsed_ += reinterpret_cast<const RecordHeader*>(base_ + parsed_)->bytes;
  return true;
}

bool PeerFile::index(std::size_t offset, std::size_t end) {
  const auto& record = *reinterpret_cast<const RecordHeader*>(base_ + offset);
  const std::size_t bytes = record.bytes;
  bool valid = bytes >= sizeof(RecordHeader) && bytes % record_align == 0;
  if (valid && bytes > end - offset)
    return false; // cut short, reported above
  switch (record.kind) {
  case RecordKind::slab:
    valid = valid && fits(record.counts_offset, record.count_slots, bytes) &&
            fits(record.sums_offset, record.sum_slots, bytes);
    if (valid)
      slabs_[record.fingerprint].push_back(offset);
    break;
  case RecordKind::gauges:
    valid = valid && fits(record.counts_offset, record.count_slots, bytes) &&
            gauges_.emplace(record.fingerprint, offset).second;
    break;
  case RecordKind::count:
    valid = valid &&
            sizeof(RecordHeader) + std::size_t{record.name_bytes} + record.sum_slots <=
                record.counts_offset &&
            fits(record.counts_offset, 1, bytes);
    if (valid)
      counts_.push_back(offset);
    break;
  case RecordKind::family:
  case RecordKind::user_series: {
    const bool family = record.kind == RecordKind::family;
    valid = valid &&
            sizeof(RecordHeader) + std::size_t{record.name_bytes} <= record.counts_offset &&
            fits(record.counts_offset, family ? record.sum_slots : record.count_slots, bytes) &&
            (family || fits(record.sums_offset, record.sum_slots, bytes));
    if (valid)
      (family ? families_ : user_series_).push_back(offset);
    break;
  }
  default:
    valid = false;
  }
  if (!valid) {
    add_problem("has a malformed record at byte " + std::to_string(offset) +
                "; the records after it are left out");
    broken_ = true;
  }
  return valid;
}

std::vector<const RecordHeader*> PeerFile::slabs(std::uint64_t fingerprint) const {
  std::vector<const RecordHeader*> records;
  if (auto found = slabs_.find(fingerprint); found != slabs_.end())
    for (std::size_t offset : found->second)
      records.push_back(reinterpret_cast<const RecordHeader*>(base_ + offset));
  return records;
}

const RecordHeader* PeerFile::gauges(std::uint64_t fingerprint) const {
  auto found = gauges_.find(fingerprint);
  return found == gauges_.end() ? nullptr
                                : reinterpret_cast<const RecordHeader*>(base_ + found->second);
}

std::vector<const RecordHeader*> PeerFile::records(const std::vector<std::size_t>& offsets) const {
  std::vector<const RecordHeader*> records;
  for (std::size_t offset : offsets)
    records.push_back(reinterpret_cast<const RecordHeader*>(base_ + offset));
  return records;
}

std::vector<std::uint64_t> PeerFile::fingerprints() const {
  std::vector<std::uint64_t> all;
  for (const auto& [fingerprint, offsets] : slabs_)
    all.push_back(fingerprint);
  for (const auto& [fingerprint, offset] : gauges_)
    if (slabs_.count(fingerprint) == 0)
      all.push_back(fingerprint);
  return all;
}

} // namespace telegen::detail::multiprocess
