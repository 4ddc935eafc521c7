// Another process's file in the multi-process directory, read-only: its
// header checked, its records indexed as they are appended. A file that
// is not one telegen wrote in this format, or is cut short, or holds
// malformed records, is described by problems(); what is valid in it is
// still read. Not thread-safe: one scrape at a time uses it.
#pragma once

#include "metrics/multiprocess_format.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace telegen::detail::multiprocess {

class PeerFile {
public:
  explicit PeerFile(std::string path) : path_(std::move(path)) {}
  ~PeerFile();
  PeerFile(const PeerFile&) = delete;
  PeerFile& operator=(const PeerFile&) = delete;

  // Maps what the process appended since the last call and indexes it.
  // Returns false when nothing of the file can be read; problems() says
  // why.
  bool refresh();

  const std::string& path() const noexcept { return path_; }
  const ProcessIdentity& identity() const noexcept { return identity_; }
  // What is wrong with the file, one sentence each, in the order found.
  const std::vector<std::string>& problems() const noexcept { return problems_; }
  void add_problem(std::string text);

  // Records by the fingerprint of their module (slabs, gauges) or in order
  // (the others); valid until the next refresh().
  std::vector<const RecordHeader*> slabs(std::uint64_t fingerprint) const;
  const RecordHeader* gauges(std::uint64_t fingerprint) const;
  std::vector<const RecordHeader*> counts() const { return records(counts_); }
  std::vector<const RecordHeader*> families() const { return records(families_); }
  std::vector<const RecordHeader*> user_series() const { return records(user_series_); }
  // Fingerprints of the modules the file has slabs or gauges of.
  std::vector<std::uint64_t> fingerprints() const;

private:
  bool map(int fd, std::size_t size);
  void unmap() noexcept;
  // Checks the record at `offset` (below `end`) and indexes it; false stops
  // the walk.
  bool index(std::size_t offset, std::size_t end);
  std::vector<const RecordHeader*> records(const std::vector<std::size_t>& offsets) const;

  std::string path_;
  ProcessIdentity identity_;
  const char* base_ = nullptr;
  std::size_t mapped_ = 0;
  std::size_t parsed_ = header_bytes; // the next record to index
  bool broken_ = false;               // a malformed record: nothing after it is read
  std::vector<std::string> problems_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> slabs_;
  std::unordered_map<std::uint64_t, std::size_t> gauges_;
  std::vector<std::size_t> counts_;
  std::vector<std::size_t> families_;
  std::vector<std::size_t> user_series_;
};

} // namespace telegen::detail::multiprocess
