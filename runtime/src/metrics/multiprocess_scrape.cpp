#include "metrics/multiprocess_scrape.hpp"

#include "metrics/multiprocess_format.hpp"
#include "metrics/process_stats.hpp"

#include "telegen/detail/self_metrics.hpp"

#include <cinttypes>
#include <cstdio>
#include <dirent.h>

namespace telegen::detail {
namespace {

using namespace multiprocess;

SelfCounter file_problems{
    "telegen_multiprocess_file_problems_total",
    "Problems found in other processes' files of a multi-process metrics directory (not a "
    "telegen file, another format or build, cut short, malformed), each reported once on stderr; "
    "what a file cannot give is left out of the scrape."};

template <class T> const T* at(const RecordHeader* record, std::size_t offset) {
  return reinterpret_cast<const T*>(reinterpret_cast<const char*>(record) + offset);
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

// The text a CountKey is added up under.
std::string count_key_text(const CountKey& key) {
  return std::to_string(static_cast<std::uint32_t>(key.kind)) + '\n' + hex(key.fingerprint) +
         '\n' + std::string(key.name) + '\n' + std::string(key.label);
}

} // namespace

void ServicePeers::refresh(const std::string& dir, const std::string& own_path,
                           const std::vector<SlabShape>& modules,
                           const std::vector<const UserFamilyInfo*>& families) {
  std::map<std::string, Entry> entries;
  if (DIR* stream = ::opendir(dir.c_str())) {
    while (const dirent* entry = ::readdir(stream)) {
      const std::string name = entry->d_name;
      const std::string path = dir + "/" + name;
      if (path == own_path || name.compare(0, process_file_prefix.size(), process_file_prefix) != 0)
        continue;
      auto known = entries_.find(name);
      if (known != entries_.end())
        entries.emplace(name, std::move(known->second));
      else
        entries[name].file = std::make_unique<PeerFile>(path);
    }
    ::closedir(stream);
  }
  entries_ = std::move(entries);

  peers_.clear();
  counts_.clear();
  user_families_.clear();
  user_series_.clear();
  for (auto& [name, entry] : entries_) {
    entry.readable = entry.file->refresh();
    if (entry.readable) {
      check_modules(*entry.file, modules);
      // Once exited, a process stays exited; a new one has a new file.
      entry.running = entry.running && is_running(entry.file->identity());
      peers_.push_back({entry.file.get(), entry.running});
      read_counts(*entry.file);
      read_user_families(*entry.file, entry.running, families);
    }
    report(entry);
  }
}

void ServicePeers::read_counts(const PeerFile& file) {
  for (const RecordHeader* record : file.counts()) {
    const char* text = at<char>(record, sizeof(RecordHeader));
    const CountKey key{static_cast<CountKind>(record->count_slots), record->fingerprint,
                       std::string_view(text, record->name_bytes),
                       std::string_view(text + record->name_bytes, record->sum_slots)};
    counts_[count_key_text(key)] += at<std::atomic<std::uint64_t>>(record, record->counts_offset)
                                        ->load(std::memory_order_relaxed);
  }
}

void ServicePeers::read_user_families(PeerFile& file, bool running,
                                      const std::vector<const UserFamilyInfo*>& families) {
  // The families this file describes, when they agree with this process's
  // and the other files' families of the same name.
  std::map<std::string, const UserFamilyInfo*> usable;
  std::vector<std::string_view> strings;
  for (const RecordHeader* record : file.families()) {
    if (!decode_strings(at<char>(record, sizeof(RecordHeader)), record->name_bytes,
                        record->fingerprint + 3, strings) ||
        record->count_slots > static_cast<std::uint32_t>(MetricType::histogram) ||
        record->sums_offset > static_cast<std::uint32_t>(GaugeMode::min)) {
      file.add_problem("has a malformed description of a run-time family; its series are "
                       "left out");
      continue;
    }
    UserFamilyInfo info;
    info.name = strings[0];
    info.help = strings[1];
    info.unit = strings[2];
    info.type = static_cast<MetricType>(record->count_slots);
    info.mode = static_cast<GaugeMode>(record->sums_offset);
    info.label_names.assign(strings.begin() + 3, strings.end());
    const auto* bounds = at<double>(record, record->counts_offset);
    info.bounds.assign(bounds, bounds + record->sum_slots);
    info.created = file.identity().start_time;
    const UserFamilyInfo* known =
        user_families_.count(info.name) != 0 ? &user_families_.at(info.name) : nullptr;
    for (const UserFamilyInfo* own : families)
      if (own->name == info.name)
        known = own;
    if (known != nullptr && !known->same_shape(info)) {
      file.add_problem("registers the run-time family '" + info.name +
                       "' with another type, labels, buckets or gauge mode than this "
                       "process; its series are left out");
      continue;
    }
    usable[info.name] = &user_families_.emplace(info.name, info).first->second;
  }
  for (const RecordHeader* record : file.user_series()) {
    if (!decode_strings(at<char>(record, sizeof(RecordHeader)), record->name_bytes,
                        record->fingerprint + 1, strings))
      continue;
    auto family = usable.find(std::string(strings[0]));
    const std::size_t slots =
        family == usable.end() || family->second->type != MetricType::histogram
            ? 1
            : family->second->bounds.size() + 1;
    if (family == usable.end() || strings.size() != family->second->label_names.size() + 1 ||
        record->count_slots != slots)
      continue;
    UserSeries series{
        family->first, {strings.begin() + 1, strings.end()}, {}, file.identity().pid, running};
    const auto* counts = at<std::atomic<std::uint64_t>>(record, record->counts_offset);
    switch (family->second->type) {
    case MetricType::counter:
      series.values.count = counts->load(std::memory_order_relaxed);
      break;
    case MetricType::gauge:
      series.values.value =
          at<std::atomic<double>>(record, record->counts_offset)->load(std::memory_order_relaxed);
      break;
    case MetricType::histogram:
      for (std::size_t b = 0; b < slots; ++b)
        series.values.buckets.push_back(counts[b].load(std::memory_order_relaxed));
      if (record->sum_slots == 1)
        series.values.value =
            at<std::atomic<double>>(record, record->sums_offset)->load(std::memory_order_relaxed);
      break;
    }
    user_series_.push_back(std::move(series));
  }
}

void ServicePeers::check_modules(PeerFile& file, const std::vector<SlabShape>& modules) {
  for (std::uint64_t fingerprint : file.fingerprints()) {
    const SlabShape* module = nullptr;
    for (const SlabShape& shape : modules)
      if (shape.fingerprint == fingerprint)
        module = &shape;
    if (module == nullptr) {
      file.add_problem("holds metrics of a module this build does not have (layout " +
                       hex(fingerprint) +
                       "): another build of the service wrote it; they are left out");
      continue;
    }
    for (const RecordHeader* slab : file.slabs(fingerprint))
      if (slab->count_slots != module->count_slots || slab->sum_slots != module->sum_slots)
        file.add_problem("has slabs of layout " + hex(fingerprint) +
                         " with a different number of slots than this build's; they are left "
                         "out");
  }
}

void ServicePeers::report(Entry& entry) {
  const std::vector<std::string>& problems = entry.file->problems();
  for (; entry.reported < problems.size(); ++entry.reported) {
    std::fprintf(stderr, "telegen: the multi-process metrics file '%s' %s\n",
                 entry.file->path().c_str(), problems[entry.reported].c_str());
    file_problems.add();
  }
}

void ServicePeers::add_slabs(const SlabShape& shape, std::uint64_t* counts, double* sums) const {
  for (const Peer& peer : peers_)
    for (const RecordHeader* slab : peer.file->slabs(shape.fingerprint)) {
      if (slab->count_slots != shape.count_slots || slab->sum_slots != shape.sum_slots)
        continue;
      const auto* slab_counts = at<std::atomic<std::uint64_t>>(slab, slab->counts_offset);
      for (std::size_t i = 0; i < shape.count_slots; ++i)
        counts[i] += slab_counts[i].load(std::memory_order_relaxed);
      const auto* slab_sums = at<std::atomic<double>>(slab, slab->sums_offset);
      for (std::size_t i = 0; i < shape.sum_slots; ++i)
        sums[i] += slab_sums[i].load(std::memory_order_relaxed);
    }
}

void ServicePeers::add_gauges(std::uint64_t fingerprint, std::size_t size,
                              std::vector<GaugeSource>& sources) const {
  for (const Peer& peer : peers_)
    if (const RecordHeader* gauges = peer.file->gauges(fingerprint);
        gauges != nullptr && gauges->count_slots == size)
      sources.push_back({peer.file->identity().pid, peer.running,
                         at<std::atomic<double>>(gauges, gauges->counts_offset)});
}

std::uint64_t ServicePeers::count(const CountKey& key) const {
  auto found = counts_.find(count_key_text(key));
  return found == counts_.end() ? 0 : found->second;
}

} // namespace telegen::detail
