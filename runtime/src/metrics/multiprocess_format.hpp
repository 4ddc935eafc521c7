// The files of a multi-process metrics directory (docs/metrics.md has the
// life cycle):
//
//   <dir>/run.lock                        flock'ed while a process joins or starts a run
//   <dir>/labels.telegen                  the values of dynamic labels, shared (label_log.cpp)
//   <dir>/process-<pid>-<ticks>.telegen   one per process: its slabs, gauges and counts
//
// A process file is a header page, then records, each 64-byte aligned and
// sized, appended by its process only and published by advancing the
// header's `used`. Its values are the live slots the process updates, read
// by other processes with atomic loads through a read-only mapping.
// Everything is in the machine's byte order: the files never leave it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail::multiprocess {

inline constexpr std::string_view lock_file_name = "run.lock";
inline constexpr std::string_view label_log_name = "labels.telegen";
inline constexpr std::string_view process_file_prefix = "process-";
inline constexpr std::string_view file_suffix = ".telegen";

inline constexpr std::uint32_t format_version = 1;
inline constexpr std::size_t header_bytes = 4096; // the first record's offset
inline constexpr std::size_t record_align = 64;

inline constexpr std::size_t round_up(std::size_t n, std::size_t to) noexcept {
  return (n + to - 1) / to * to;
}

// /proc/sys/kernel/random/boot_id: 36 characters.
inline constexpr std::size_t boot_id_bytes = 40;

// Who wrote a file: a process is the same one while its pid, its start
// time (in clock ticks since boot) and the boot agree.
struct ProcessIdentity {
  std::int64_t pid = 0;
  std::uint64_t start_ticks = 0;
  char boot_id[boot_id_bytes] = {};
  double start_time = 0; // seconds since the Unix epoch
};

struct ProcessFileHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t first_record; // header_bytes
  ProcessIdentity identity;
  // End of the last published record. Written by the owner with release
  // order after the record; readers load it with acquire order.
  std::atomic<std::uint64_t> used;
};
static_assert(sizeof(ProcessFileHeader) <= header_bytes);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free &&
                  std::atomic<double>::is_always_lock_free,
              "slots shared between processes must be lock-free atomics");

inline constexpr char process_file_magic[8] = {'T', 'G', 'M', 'E', 'T', 'R', 'I', 'C'};

enum class RecordKind : std::uint32_t {
  slab = 1,        // one thread's slab of a generated module
  gauges = 2,      // a generated module's gauge slots
  count = 3,       // a SharedCount: a self-metric or a dynamic label's overflows
  family = 4,      // a family registered at run time (telegen/metrics.hpp)
  user_series = 5, // one series of such a family
};

// The first 64 bytes of every record.
struct RecordHeader {
  RecordKind kind;
  std::uint32_t name_bytes; // count: the name, then the label, after the header
  std::uint64_t bytes;      // the whole record, a multiple of record_align
  std::uint64_t fingerprint;
  // slab: count and sum slots and where they are from the record's start;
  // gauges: gauge slots at `counts_offset`; count: the CountKind in
  // `count_slots`, the label's length in `sum_slots`, the value at
  // `counts_offset`.
  // family: `name_bytes` of strings (name, help, unit, label names; the
  // number of labels in `fingerprint`), the MetricType in `count_slots`, the
  // GaugeMode in `sums_offset`, `sum_slots` bucket bounds (doubles) at
  // `counts_offset`.
  // user_series: `name_bytes` of strings (the family's name, the label
  // values; their number in `fingerprint`), `count_slots` 8-byte slots at
  // `counts_offset` (a counter's count, a gauge's value, a histogram's
  // buckets) and `sum_slots` (1 for a histogram) at `sums_offset`.
  std::uint32_t count_slots;
  std::uint32_t sum_slots;
  std::uint32_t counts_offset;
  std::uint32_t sums_offset;
  std::uint8_t reserved[24];
};
static_assert(sizeof(RecordHeader) == record_align);

// The strings of a family or user_series record: each a 32-bit length and
// its bytes.
inline std::string encode_strings(const std::vector<std::string_view>& strings) {
  std::string out;
  for (std::string_view text : strings) {
    const auto length = static_cast<std::uint32_t>(text.size());
    out.append(reinterpret_cast<const char*>(&length), sizeof length).append(text);
  }
  return out;
}

// False when the bytes are not `count` such strings exactly.
inline bool decode_strings(const char* data, std::size_t size, std::size_t count,
                           std::vector<std::string_view>& out) {
  out.clear();
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t length = 0;
    if (size < sizeof length)
      return false;
    std::memcpy(&length, data, sizeof length);
    data += sizeof length;
    size -= sizeof length;
    if (length > size)
      return false;
    out.emplace_back(data, length);
    data += length;
    size -= length;
  }
  return size == 0;
}

// The label log: a header, then one record per value, each 8-byte aligned.
inline constexpr char label_log_magic[8] = {'T', 'G', 'L', 'A', 'B', 'E', 'L', 'S'};

struct LabelLogHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t first_record;
};

struct LabelRecord {
  std::uint32_t bytes;    // the whole record, a multiple of 8
  std::uint32_t position; // the value's position along the label
  std::uint64_t fingerprint;
  std::uint16_t metric_bytes;
  std::uint16_t label_bytes;
  std::uint32_t value_bytes;
  // then metric, label and value, and padding
};

} // namespace telegen::detail::multiprocess
