// The values of dynamic labels, shared by the processes of a multi-process
// service: `<dir>/labels.telegen` records each value once with the position
// it got, so every process gives a value the same position and the cap of
// max_values holds for the service. A process adds a value under an
// exclusive flock after reading what others added; a scrape reads new
// values under a shared one. Positions already known are found without
// any of this, in the process's own table (telegen/detail/dynamic_label.hpp).
#pragma once

#include "telegen/detail/dynamic_label.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

class LabelLog {
public:
  // The service-wide position of `value` in `label` (max_values() when the
  // label is full), or nullopt when the process keeps its metrics to itself
  // or the label has no identity. Thread-safe; defined with the store
  // (multiprocess.cpp).
  static std::optional<std::size_t> position(DynamicLabel& label, std::string_view value,
                                             std::size_t hash) noexcept;

  // Opens `<dir>/labels.telegen`, creating it when missing. Throws
  // std::runtime_error saying what is wrong with it.
  static std::unique_ptr<LabelLog> open(const std::string& dir);
  ~LabelLog();
  LabelLog(const LabelLog&) = delete;
  LabelLog& operator=(const LabelLog&) = delete;

  // The rest is called with the store's mutex held.

  // The position of `value`, added for the service when it is new.
  std::size_t add(DynamicLabel& label, std::string_view value, std::size_t hash);
  // Reads the values other processes added into `labels` (and remembers
  // them for labels not seen yet).
  void sync(const std::vector<DynamicLabel*>& labels);
  // A forked child opens the log again, for a lock of its own.
  void reopen_after_fork() noexcept;

private:
  LabelLog(int fd, std::string path, std::size_t end);

  void track(DynamicLabel& label);
  void import();
  void deliver(const std::string& key, std::size_t position, std::string_view value);
  void report(const std::string& problem);

  int fd_;
  std::string path_;
  std::size_t end_; // where the records read so far end
  bool broken_ = false;
  std::vector<std::string> reported_;
  std::map<std::string, DynamicLabel*> labels_;
  // Values of labels this process has not used yet, in position order.
  std::map<std::string, std::vector<std::string>> pending_;
};

} // namespace telegen::detail
