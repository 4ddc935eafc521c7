// The multi-process store, and the first-use paths of the hot-path storage
// (slabs, gauge blocks, shared counts, dynamic label values) that ask it
// where to live.
#include "metrics/multiprocess.hpp"

#include "metrics/file_lock.hpp"
#include "metrics/process_stats.hpp"

#include "telegen/config.hpp"
#include "telegen/detail/self_metrics.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <new>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace telegen::detail {
namespace {

using namespace multiprocess;

SelfCounter unshared_storage{
    "telegen_multiprocess_unshared_storage_total",
    "Metric storage (a thread's slab, a module's gauges, a count) a process of a multi-process "
    "service kept in its own memory because its metrics file could not grow; other processes' "
    "scrapes do not see what it holds."};

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

void make_directories(const std::string& dir) {
  for (std::size_t end = dir.find('/', 1);; end = dir.find('/', end + 1)) {
    const std::string prefix = dir.substr(0, end);
    if (!prefix.empty() && ::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
      fail("cannot create directory", prefix);
    if (end == std::string::npos)
      return;
  }
}

bool is_process_file(const std::string& name) {
  return name.size() > process_file_prefix.size() + file_suffix.size() &&
         name.compare(0, process_file_prefix.size(), process_file_prefix) == 0 &&
         name.compare(name.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0;
}

template <class Fn> void for_each_name(const std::string& dir, Fn&& fn) {
  DIR* stream = ::opendir(dir.c_str());
  if (stream == nullptr)
    fail("cannot read directory", dir);
  while (const dirent* entry = ::readdir(stream))
    fn(std::string(entry->d_name));
  ::closedir(stream);
}

// Whether a process of the directory's run is still running: its file's
// name says which process wrote it.
bool run_is_live(const std::string& dir) {
  bool live = false;
  for_each_name(dir, [&](const std::string& name) {
    ProcessIdentity process;
    live = live || (ProcessFile::parse_file_name(name, process) && is_running(process));
  });
  return live;
}

// Every file of a run whose processes have all exited.
void remove_previous_run(const std::string& dir) {
  for_each_name(dir, [&](const std::string& name) {
    if (is_process_file(name) || name == label_log_name)
      ::unlink((dir + "/" + name).c_str());
  });
}

} // namespace

Multiprocess& Multiprocess::instance() noexcept {
  // Leaked on purpose: threads update metrics while the process exits.
  static Multiprocess* const store = new Multiprocess();
  return *store;
}

namespace {
// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] Multiprocess& store_at_load = Multiprocess::instance();
} // namespace

void Multiprocess::configure(const std::string& dir) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_.load(std::memory_order_relaxed) == Mode::undecided)
    decide_locked(dir);
  else if (dir != dir_)
    std::fprintf(stderr,
                 "telegen: ignoring the multi-process directory '%s' given to telegen::start(): "
                 "this process's metrics were set up %s before it; call start() before the "
                 "first metric update, or set TELEGEN_METRICS_MULTIPROCESS_DIR\n",
                 dir.c_str(),
                 dir_.empty() ? "as a single process's" : ("in '" + dir_ + "'").c_str());
}

bool Multiprocess::shared() noexcept {
  Mode mode = mode_.load(std::memory_order_acquire);
  if (TELEGEN_UNLIKELY(mode == Mode::undecided)) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (mode_.load(std::memory_order_relaxed) == Mode::undecided)
      decide_locked(MetricsConfig::from_env().multiprocess_dir);
    mode = mode_.load(std::memory_order_relaxed);
  }
  return mode == Mode::shared;
}

void Multiprocess::decide_locked(const std::string& dir) noexcept {
  dir_ = dir;
  Mode mode = Mode::single;
  if (!dir.empty()) {
    try {
      join(dir);
      mode = Mode::shared;
    } catch (const std::exception& error) {
      std::fprintf(stderr,
                   "telegen: process %d keeps its metrics to itself (its /metrics shows only "
                   "its own): %s\n",
                   static_cast<int>(::getpid()), error.what());
      labels_.reset();
      file_.reset();
    }
  }
  mode_.store(mode, std::memory_order_release);
}

void Multiprocess::join(const std::string& dir) {
  make_directories(dir);
  const std::string lock_path = dir + "/" + std::string(lock_file_name);
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0)
    fail("cannot write in the multi-process directory: cannot open", lock_path);
  struct CloseOnExit {
    int fd;
    ~CloseOnExit() { ::close(fd); }
  } closer{lock_fd};
  FileLock lock(lock_fd, LOCK_EX);
  if (!run_is_live(dir))
    remove_previous_run(dir);
  labels_ = LabelLog::open(dir);
  file_ = ProcessFile::create(dir, own_identity());
}

std::string Multiprocess::own_file_path() {
  std::lock_guard<std::mutex> lock(mutex_);
  return file_ ? file_->path() : std::string();
}

RecordHeader* Multiprocess::append_locked(const RecordHeader& fields, std::size_t payload_bytes,
                                          std::string_view text) noexcept {
  RecordHeader* record = file_ ? file_->append(fields, payload_bytes, text) : nullptr;
  if (record == nullptr && file_ && !growth_reported_) {
    growth_reported_ = true;
    std::fprintf(stderr,
                 "telegen: the metrics file '%s' cannot grow (%s): this process keeps further "
                 "metric storage in its own memory, where other processes' scrapes do not see "
                 "it (counted in telegen_multiprocess_unshared_storage_total)\n",
                 file_->path().c_str(), std::strerror(errno));
  }
  return record;
}

void* Multiprocess::allocate_slab(const SlabShape& shape) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  RecordHeader fields{};
  fields.kind = RecordKind::slab;
  fields.fingerprint = shape.fingerprint;
  fields.count_slots = static_cast<std::uint32_t>(shape.count_slots);
  fields.sum_slots = static_cast<std::uint32_t>(shape.sum_slots);
  fields.counts_offset = static_cast<std::uint32_t>(sizeof(RecordHeader) + shape.counts_offset);
  fields.sums_offset = static_cast<std::uint32_t>(sizeof(RecordHeader) + shape.sums_offset);
  RecordHeader* record = append_locked(fields, shape.bytes);
  return record == nullptr ? nullptr : reinterpret_cast<char*>(record) + sizeof(RecordHeader);
}

UserSeriesSlots Multiprocess::allocate_user_series(std::string_view family,
                                                   const std::vector<std::string>& label_values,
                                                   std::size_t slots, bool histogram) noexcept {
  UserSeriesSlots result;
  if (!shared())
    return result;
  bool unshared = false;
  try {
    std::vector<std::string_view> strings{family};
    strings.insert(strings.end(), label_values.begin(), label_values.end());
    const std::string text = encode_strings(strings);
    RecordHeader fields{};
    fields.kind = RecordKind::user_series;
    fields.fingerprint = strings.size() - 1;
    fields.name_bytes = static_cast<std::uint32_t>(text.size());
    fields.count_slots = static_cast<std::uint32_t>(slots);
    fields.sum_slots = histogram ? 1 : 0;
    fields.counts_offset =
        static_cast<std::uint32_t>(round_up(sizeof(RecordHeader) + text.size(), sizeof(double)));
    fields.sums_offset = static_cast<std::uint32_t>(fields.counts_offset + slots * sizeof(double));
    std::lock_guard<std::mutex> lock(mutex_);
    if (RecordHeader* record = append_locked(
            fields, fields.sums_offset + fields.sum_slots * sizeof(double) - sizeof(RecordHeader),
            text)) {
      char* bytes = reinterpret_cast<char*>(record);
      result.counts = bytes + fields.counts_offset;
      if (histogram)
        result.sum = reinterpret_cast<std::atomic<double>*>(bytes + fields.sums_offset);
    } else {
      unshared = true;
    }
  } catch (const std::bad_alloc&) {
    unshared = true;
  }
  if (unshared)
    unshared_storage.add();
  return result;
}

void Multiprocess::describe_family(const UserFamilyInfo& info) noexcept {
  if (!shared())
    return;
  try {
    std::vector<std::string_view> strings{info.name, info.help, info.unit};
    strings.insert(strings.end(), info.label_names.begin(), info.label_names.end());
    std::string text = encode_strings(strings);
    RecordHeader fields{};
    fields.kind = RecordKind::family;
    fields.fingerprint = info.label_names.size();
    fields.name_bytes = static_cast<std::uint32_t>(text.size());
    fields.count_slots = static_cast<std::uint32_t>(info.type);
    fields.sums_offset = static_cast<std::uint32_t>(info.mode);
    fields.sum_slots = static_cast<std::uint32_t>(info.bounds.size());
    fields.counts_offset =
        static_cast<std::uint32_t>(round_up(sizeof(RecordHeader) + text.size(), sizeof(double)));
    text.resize(fields.counts_offset - sizeof(RecordHeader));
    text.append(reinterpret_cast<const char*>(info.bounds.data()),
                info.bounds.size() * sizeof(double));
    std::lock_guard<std::mutex> lock(mutex_);
    append_locked(fields, text.size(), text);
  } catch (const std::bad_alloc&) {
  }
}

void Multiprocess::after_fork_in_child() noexcept {
  if (mode_.load(std::memory_order_relaxed) != Mode::shared || !file_)
    return;
  const ProcessIdentity child = own_identity();
  const std::string lock_path = dir_ + "/" + std::string(lock_file_name);
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  std::string error;
  {
    FileLock lock(lock_fd, LOCK_EX);
    error = file_->move_to_child_file(dir_, child);
  }
  if (lock_fd >= 0)
    ::close(lock_fd);
  if (!error.empty()) {
    std::fprintf(stderr,
                 "telegen: forked process %d keeps its metrics to itself (its /metrics shows "
                 "only its own): %s\n",
                 static_cast<int>(child.pid), error.c_str());
    labels_.reset();
    mode_.store(Mode::single, std::memory_order_relaxed);
    return;
  }
  labels_->reopen_after_fork();
}

// ---- first uses of the hot-path storage

void* allocate_slab(const SlabShape& shape) noexcept {
  Multiprocess& store = Multiprocess::instance();
  if (store.shared()) {
    if (void* memory = store.allocate_slab(shape))
      return memory;
    unshared_storage.add();
  }
  return ::operator new(shape.bytes, std::align_val_t(shape.align), std::nothrow);
}

std::atomic<double>* GaugeBlock::resolve() noexcept {
  Multiprocess& store = Multiprocess::instance();
  const bool shared = store.shared();
  bool unshared = false;
  std::atomic<double>* slots = nullptr;
  {
    std::lock_guard<std::mutex> lock(store.mutex_);
    slots = slots_.load(std::memory_order_acquire);
    if (slots == nullptr) {
      slots = own_;
      if (shared) {
        RecordHeader fields{};
        fields.kind = RecordKind::gauges;
        fields.fingerprint = fingerprint_;
        fields.count_slots = static_cast<std::uint32_t>(size_);
        fields.counts_offset = sizeof(RecordHeader);
        if (RecordHeader* record = store.append_locked(fields, size_ * sizeof(double)))
          slots = reinterpret_cast<std::atomic<double>*>(reinterpret_cast<char*>(record) +
                                                         sizeof(RecordHeader));
        else
          unshared = true;
      }
      slots_.store(slots, std::memory_order_release);
    }
  }
  if (unshared)
    unshared_storage.add();
  return slots;
}

void GaugeBlock::zero_after_fork() noexcept {
  if (std::atomic<double>* slots = slots_.load(std::memory_order_acquire))
    for (std::size_t i = 0; i < size_; ++i)
      slots[i].store(0, std::memory_order_relaxed);
}

std::atomic<std::uint64_t>* SharedCount::attach(const CountKey& key) noexcept {
  Multiprocess& store = Multiprocess::instance();
  const bool shared = store.shared();
  bool unshared = false;
  std::atomic<std::uint64_t>* cell = nullptr;
  {
    std::lock_guard<std::mutex> lock(store.mutex_);
    cell = cell_.load(std::memory_order_acquire);
    if (cell == nullptr) {
      cell = &local_;
      if (shared) {
        RecordHeader fields{};
        fields.kind = RecordKind::count;
        fields.fingerprint = key.fingerprint;
        fields.name_bytes = static_cast<std::uint32_t>(key.name.size());
        fields.count_slots = static_cast<std::uint32_t>(key.kind);
        fields.sum_slots = static_cast<std::uint32_t>(key.label.size());
        std::string text;
        try {
          text.append(key.name).append(key.label);
        } catch (const std::bad_alloc&) {
          unshared = true;
        }
        fields.counts_offset = static_cast<std::uint32_t>(
            round_up(sizeof(RecordHeader) + text.size(), sizeof(std::uint64_t)));
        RecordHeader* record =
            unshared
                ? nullptr
                : store.append_locked(
                      fields, fields.counts_offset - sizeof(RecordHeader) + sizeof(std::uint64_t),
                      text);
        if (record != nullptr) {
          cell = reinterpret_cast<std::atomic<std::uint64_t>*>(reinterpret_cast<char*>(record) +
                                                               fields.counts_offset);
          cell->store(local_.exchange(0, std::memory_order_relaxed), std::memory_order_relaxed);
        } else {
          unshared = true;
        }
      }
      cell_.store(cell, std::memory_order_release);
    }
  }
  if (unshared)
    unshared_storage.add();
  return cell;
}

std::optional<std::size_t> LabelLog::position(DynamicLabel& label, std::string_view value,
                                              std::size_t hash) noexcept {
  if (label.identity().metric.empty())
    return std::nullopt;
  Multiprocess& store = Multiprocess::instance();
  if (!store.shared())
    return std::nullopt;
  std::lock_guard<std::mutex> lock(store.mutex_);
  if (!store.labels_)
    return std::nullopt;
  try {
    return store.labels_->add(label, value, hash);
  } catch (const std::bad_alloc&) {
    return label.max_values();
  }
}

} // namespace telegen::detail
