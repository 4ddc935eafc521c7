// Multi-process mode (docs/metrics.md#multi-process-metrics): whether this
// process shares its metrics with the other processes of its service, and
// the files it shares them through.
//
// The mode is decided once, at the first of: telegen::start(), the first
// update that needs storage (a thread's first counter or histogram update,
// the first gauge update, a new dynamic label value, a self-metric), the
// first scrape. The directory is the one start() was given, else
// TELEGEN_METRICS_MULTIPROCESS_DIR; none means a single process. A
// directory that cannot be used is reported on stderr and the process
// keeps its metrics to itself.
//
// Joining, under an flock of `<dir>/run.lock`: when no process of the
// directory is running, its files are those of a previous run and are
// removed (a new run starts from zero); otherwise the process joins the
// run, and the files of processes that exited stay, so their counts stay
// in every sum. Then it creates its own file.
//
// Thread-safe: one mutex serializes everything here; the hot paths never
// take it (they reach it only for a first use).
#pragma once

#include "metrics/label_log.hpp"
#include "metrics/process_file.hpp"
#include "metrics/user_family.hpp"
#include "telegen/detail/thread_shards.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace telegen::detail {

// Where a run-time family's series counts: `slots` 8-byte slots, and a
// histogram's sum. Null when the process keeps its metrics to itself.
struct UserSeriesSlots {
  void* counts = nullptr;
  std::atomic<double>* sum = nullptr;
};

class Multiprocess {
public:
  static Multiprocess& instance() noexcept;

  // The directory of telegen::start()'s Config (empty: a single process).
  // Decides the mode when it is still open; says on stderr when it comes
  // after the mode was decided otherwise.
  void configure(const std::string& dir) noexcept;

  // Whether the process shares its metrics; decides the mode on first use.
  bool shared() noexcept;
  // Whether it shares them, without deciding (false while undecided).
  bool sharing() const noexcept { return mode_.load(std::memory_order_acquire) == Mode::shared; }

  // The directory and this process's file, once shared() is true. The
  // file's path is empty when a forked child could not make its own.
  const std::string& directory() const noexcept { return dir_; }
  std::string own_file_path();

  // Storage in this process's file, or null: not shared, or the file
  // cannot grow (reported once, counted).
  void* allocate_slab(const SlabShape& shape) noexcept;
  UserSeriesSlots allocate_user_series(std::string_view family,
                                       const std::vector<std::string>& label_values,
                                       std::size_t slots, bool histogram) noexcept;
  // Records a run-time family, so that processes that did not register it
  // show it too.
  void describe_family(const UserFamilyInfo& info) noexcept;

  // The shared label log, with the mutex held, for a scrape.
  template <class Fn> void with_labels(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (labels_)
      fn(*labels_);
  }

  // fork(): the prepare handler holds the mutex; a child of a shared
  // process moves its records to a file of its own.
  void lock_for_fork() noexcept { mutex_.lock(); }
  void unlock_after_fork() noexcept { mutex_.unlock(); }
  void after_fork_in_child() noexcept;

private:
  friend class GaugeBlock;
  friend class SharedCount;
  friend class LabelLog;

  enum class Mode : std::uint8_t { undecided, single, shared };

  Multiprocess() = default;
  void decide_locked(const std::string& dir) noexcept;
  void join(const std::string& dir);
  multiprocess::RecordHeader* append_locked(const multiprocess::RecordHeader& fields,
                                            std::size_t payload_bytes,
                                            std::string_view text = {}) noexcept;

  std::mutex mutex_;
  std::atomic<Mode> mode_{Mode::undecided};
  std::string dir_;
  std::unique_ptr<multiprocess::ProcessFile> file_;
  std::unique_ptr<LabelLog> labels_;
  bool growth_reported_ = false;
};

} // namespace telegen::detail
