// What a scrape of a multi-process service reads of the other processes:
// their files in the directory, whether each still runs, and their slabs,
// gauges and counts added to this process's own. Files that cannot be
// read as they should are reported once each on stderr, counted in
// telegen_multiprocess_file_problems_total, and what they cannot give is
// left out; the scrape goes on with the rest.
#pragma once

#include "metrics/peer_file.hpp"
#include "metrics/user_family.hpp"
#include "telegen/detail/shared_count.hpp"
#include "telegen/detail/thread_shards.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace telegen::detail {

// One process's gauges of a module, for the gauge modes.
struct GaugeSource {
  std::int64_t pid;
  bool running;
  const std::atomic<double>* values;
};

// Not thread-safe: the registry's lock serializes scrapes.
class ServicePeers {
public:
  struct Peer {
    const multiprocess::PeerFile* file;
    bool running;
  };
  // A series of a family registered at run time, in another process.
  struct UserSeries {
    std::string family;
    std::vector<std::string> label_values;
    UserSeriesValues values;
    std::int64_t pid;
    bool running;
  };

  // Reads the directory again: new files opened, known ones refreshed,
  // exited processes noticed. `own_path` is this process's file, left out.
  // `modules` are the slabs this build has, to tell another build's files;
  // `families` the run-time families this process registered, to tell
  // another process's family of the same name but another shape.
  void refresh(const std::string& dir, const std::string& own_path,
               const std::vector<SlabShape>& modules,
               const std::vector<const UserFamilyInfo*>& families);

  const std::vector<Peer>& peers() const noexcept { return peers_; }

  // Adds the other processes' slabs of a module to `counts` and `sums`.
  void add_slabs(const SlabShape& shape, std::uint64_t* counts, double* sums) const;
  // The other processes' gauges of a module.
  void add_gauges(std::uint64_t fingerprint, std::size_t size,
                  std::vector<GaugeSource>& sources) const;
  // The other processes' total of a count, as read by refresh().
  std::uint64_t count(const CountKey& key) const;

  // Run-time families the other processes registered (by name, of one
  // shape), and their series, as read by refresh().
  const std::map<std::string, UserFamilyInfo>& user_families() const noexcept {
    return user_families_;
  }
  const std::vector<UserSeries>& user_series() const noexcept { return user_series_; }

private:
  struct Entry {
    std::unique_ptr<multiprocess::PeerFile> file;
    bool readable = false;
    bool running = true;
    std::size_t reported = 0; // problems already reported
  };

  void check_modules(multiprocess::PeerFile& file, const std::vector<SlabShape>& modules);
  void read_counts(const multiprocess::PeerFile& file);
  void read_user_families(multiprocess::PeerFile& file, bool running,
                          const std::vector<const UserFamilyInfo*>& families);
  void report(Entry& entry);

  std::map<std::string, Entry> entries_; // by file name
  std::vector<Peer> peers_;
  std::map<std::string, std::uint64_t> counts_;
  std::map<std::string, UserFamilyInfo> user_families_;
  std::vector<UserSeries> user_series_;
};

} // namespace telegen::detail
