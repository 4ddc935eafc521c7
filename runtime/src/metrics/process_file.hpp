// This process's file in a multi-process metrics directory: a header and the
// records of its slabs, gauges and counts (multiprocess_format.hpp), mapped
// into one reserved address range so records never move. Not thread-safe:
// the multi-process store serializes every call.
#pragma once

#include "metrics/multiprocess_format.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace telegen::detail::multiprocess {

class ProcessFile {
public:
  // Creates and maps `<dir>/process-<pid>-<ticks>.telegen` for `identity`.
  // Throws std::runtime_error saying what failed, on which path.
  static std::unique_ptr<ProcessFile> create(const std::string& dir,
                                             const ProcessIdentity& identity);
  ~ProcessFile();
  ProcessFile(const ProcessFile&) = delete;
  ProcessFile& operator=(const ProcessFile&) = delete;

  // Appends a record with `payload_bytes` after its header, whose fields
  // are taken from `fields` (its size is set here): `text` at the start of
  // the payload, zeros after it. Published once written. Null when the file
  // cannot grow (the file system is full, or the record would pass the
  // reserved range).
  RecordHeader* append(const RecordHeader& fields, std::size_t payload_bytes,
                       std::string_view text = {}) noexcept;

  const std::string& path() const noexcept { return path_; }
  const ProcessFileHeader& header() const noexcept {
    return *reinterpret_cast<const ProcessFileHeader*>(base_);
  }

  // In a forked child: the same records, copied into a new file of the
  // child's own, mapped at the same addresses, so every pointer into them
  // stays valid. On failure the records become the child's private memory
  // and the reason is returned (empty on success).
  std::string move_to_child_file(const std::string& dir, const ProcessIdentity& child) noexcept;

  // The file name of a process: process-<pid>-<start ticks>-<boot>.telegen,
  // <boot> the first 8 characters of the boot id. A name parsed back gives
  // the pid, the start ticks and those 8 characters of the boot id.
  static std::string file_name(const ProcessIdentity& identity);
  static bool parse_file_name(const std::string& name, ProcessIdentity& identity) noexcept;

private:
  ProcessFile(int fd, std::string path, char* base, std::size_t reserved);
  bool grow(std::size_t bytes) noexcept;
  void keep_in_memory() noexcept;

  int fd_;
  std::string path_;
  char* base_;           // the reserved range; the file is mapped at its start
  std::size_t reserved_; // bytes of address space reserved
  std::size_t mapped_ = 0;
};

} // namespace telegen::detail::multiprocess
