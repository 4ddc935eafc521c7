#include "metrics/label_log.hpp"

#include "core/positional_io.hpp"
#include "metrics/file_lock.hpp"
#include "metrics/multiprocess_format.hpp"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace telegen::detail {
namespace {

using namespace multiprocess;

constexpr std::size_t first_record = round_up(sizeof(LabelLogHeader), 8);

std::string key_of(std::uint64_t fingerprint, std::string_view metric, std::string_view label) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, fingerprint);
  return std::string(hex) + '\n' + std::string(metric) + '\n' + std::string(label);
}

std::string key_of(const DynamicLabel& label) {
  const LabelIdentity& id = label.identity();
  return key_of(id.fingerprint, id.metric, id.label);
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

} // namespace

std::unique_ptr<LabelLog> LabelLog::open(const std::string& dir) {
  const std::string path = dir + "/" + std::string(label_log_name);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    fail("cannot open", path);
  std::unique_ptr<LabelLog> log(new LabelLog(fd, path, first_record));
  FileLock lock(fd, LOCK_EX);
  struct stat status {};
  if (::fstat(fd, &status) != 0)
    fail("cannot read", path);
  LabelLogHeader header{};
  if (status.st_size == 0) {
    std::memcpy(header.magic, label_log_magic, sizeof header.magic);
    header.version = format_version;
    header.first_record = first_record;
    char page[first_record] = {};
    std::memcpy(page, &header, sizeof header);
    if (!pwrite_all(fd, page, sizeof page, 0))
      fail("cannot write", path);
    return log;
  }
  if (!pread_all(fd, reinterpret_cast<char*>(&header), sizeof header, 0) ||
      std::memcmp(header.magic, label_log_magic, sizeof header.magic) != 0)
    throw std::runtime_error("'" + path + "' is not a telegen label log; remove it");
  if (header.version != format_version || header.first_record != first_record)
    throw std::runtime_error("'" + path + "' is in format version " +
                             std::to_string(header.version) + "; this build reads version " +
                             std::to_string(format_version));
  return log;
}

LabelLog::LabelLog(int fd, std::string path, std::size_t end)
    : fd_(fd), path_(std::move(path)), end_(end) {}

LabelLog::~LabelLog() {
  if (fd_ >= 0)
    ::close(fd_);
}

void LabelLog::report(const std::string& problem) {
  if (std::find(reported_.begin(), reported_.end(), problem) != reported_.end())
    return;
  reported_.push_back(problem);
  std::fprintf(stderr, "telegen: %s\n", problem.c_str());
}

void LabelLog::reopen_after_fork() noexcept {
  const int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  ::close(fd_);
  fd_ = fd;
  if (fd < 0)
    report("cannot open '" + path_ + "' again after fork (" + std::strerror(errno) +
           "): new values of dynamic labels go to __overflow__ in this process");
}

void LabelLog::deliver(const std::string& key, std::size_t position, std::string_view value) {
  auto table = labels_.find(key);
  if (table == labels_.end()) {
    std::vector<std::string>& values = pending_[key];
    if (position == values.size())
      values.emplace_back(value);
    return;
  }
  DynamicLabel& label = *table->second;
  if (position == label.size())
    label.append(value, DynamicLabel::slot_hash(value));
  else if (position > label.size())
    report("'" + path_ + "' skips positions of a dynamic label; later values of it are not shared");
}

void LabelLog::import() {
  struct stat status {};
  if (broken_ || fd_ < 0 || ::fstat(fd_, &status) != 0 ||
      static_cast<std::size_t>(status.st_size) <= end_)
    return;
  std::vector<char> buffer(static_cast<std::size_t>(status.st_size) - end_);
  if (!pread_all(fd_, buffer.data(), buffer.size(), static_cast<off_t>(end_)))
    return;
  std::size_t at = 0;
  while (buffer.size() - at >= sizeof(LabelRecord)) {
    LabelRecord record;
    std::memcpy(&record, buffer.data() + at, sizeof record);
    const std::size_t text =
        std::size_t{record.metric_bytes} + record.label_bytes + record.value_bytes;
    if (record.bytes % 8 != 0 || record.bytes < sizeof record + text) {
      broken_ = true;
      report("'" + path_ + "' has a malformed record at byte " + std::to_string(end_) +
             "; dynamic label values after it are not shared");
      return;
    }
    // A record cut short by a process that died while writing it is
    // overwritten by the next one added.
    if (record.bytes > buffer.size() - at)
      return;
    const char* strings = buffer.data() + at + sizeof record;
    const std::string_view metric(strings, record.metric_bytes);
    const std::string_view label(strings + record.metric_bytes, record.label_bytes);
    const std::string_view value(strings + record.metric_bytes + record.label_bytes,
                                 record.value_bytes);
    deliver(key_of(record.fingerprint, metric, label), record.position, value);
    at += record.bytes;
    end_ += record.bytes;
  }
}

void LabelLog::track(DynamicLabel& label) {
  const std::string key = key_of(label);
  if (!labels_.emplace(key, &label).second)
    return;
  auto pending = pending_.find(key);
  if (pending == pending_.end())
    return;
  for (std::size_t position = label.size(); position < pending->second.size(); ++position)
    label.append(pending->second[position], DynamicLabel::slot_hash(pending->second[position]));
  pending_.erase(pending);
}

void LabelLog::sync(const std::vector<DynamicLabel*>& labels) {
  for (DynamicLabel* label : labels)
    track(*label);
  FileLock lock(fd_, LOCK_SH);
  import();
}

std::size_t LabelLog::add(DynamicLabel& label, std::string_view value, std::size_t hash) {
  track(label);
  FileLock lock(fd_, LOCK_EX);
  import();
  const std::size_t known = label.find(value, hash);
  if (known < label.max_values() || label.size() >= label.max_values())
    return known;
  const LabelIdentity& id = label.identity();
  LabelRecord record{};
  record.position = static_cast<std::uint32_t>(label.size());
  record.fingerprint = id.fingerprint;
  record.metric_bytes = static_cast<std::uint16_t>(std::min<std::size_t>(id.metric.size(), 65535));
  record.label_bytes = static_cast<std::uint16_t>(std::min<std::size_t>(id.label.size(), 65535));
  record.value_bytes = static_cast<std::uint32_t>(value.size());
  record.bytes = static_cast<std::uint32_t>(
      round_up(sizeof record + record.metric_bytes + record.label_bytes + record.value_bytes, 8));
  std::string bytes(record.bytes, '\0');
  std::memcpy(bytes.data(), &record, sizeof record);
  std::memcpy(bytes.data() + sizeof record, id.metric.data(), record.metric_bytes);
  std::memcpy(bytes.data() + sizeof record + record.metric_bytes, id.label.data(),
              record.label_bytes);
  std::memcpy(bytes.data() + sizeof record + record.metric_bytes + record.label_bytes, value.data(),
              value.size());
  if (broken_ || !lock.locked() || !pwrite_all(fd_, bytes.data(), bytes.size(), end_)) {
    report("cannot add a value to '" + path_ + "' (" +
           (broken_ ? std::string("it is malformed") : std::string(std::strerror(errno))) +
           "): new values of dynamic labels go to __overflow__");
    return label.max_values();
  }
  end_ += bytes.size();
  return label.append(value, hash);
}

} // namespace telegen::detail
