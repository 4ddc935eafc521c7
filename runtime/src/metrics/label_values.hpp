// The label values of one series in a snapshot: up to four inline, more
// (or one of 4 GiB or more) on the heap. A scrape of 100,000 series builds
// 100,000 of them; inline, the snapshot takes no allocation per series.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace telegen::detail {

class LabelValues {
public:
  static constexpr std::size_t inline_capacity = 4;

  LabelValues() noexcept = default;
  LabelValues(std::initializer_list<std::string_view> values) {
    for (const std::string_view value : values)
      push_back(value);
  }

  void push_back(std::string_view value) {
    if (spilled_.empty() && size_ < inline_capacity && value.size() <= UINT32_MAX) {
      data_[size_] = value.data();
      sizes_[size_] = static_cast<std::uint32_t>(value.size());
      ++size_;
      return;
    }
    if (spilled_.empty()) // the first value that does not fit inline
      spill();
    spilled_.push_back(value);
    ++size_;
  }

  // Replaces value i (below size()).
  void set(std::size_t i, std::string_view value) {
    if (spilled_.empty() && value.size() <= UINT32_MAX) {
      data_[i] = value.data();
      sizes_[i] = static_cast<std::uint32_t>(value.size());
      return;
    }
    if (spilled_.empty())
      spill();
    spilled_[i] = value;
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::string_view operator[](std::size_t i) const noexcept {
    return spilled_.empty() ? std::string_view(data_[i], sizes_[i]) : spilled_[i];
  }

private:
  void spill() {
    for (std::size_t i = 0; i < size_; ++i)
      spilled_.emplace_back(data_[i], sizes_[i]);
  }

  // Inline values as pointer and size apart: a value is written and read
  // as two words, never as one 16-byte word built from two (which stalls
  // the forwarding of the stores to the load right after them). 32-bit
  // sizes keep a SeriesSnapshot within 128 bytes, which the compiler
  // clears with a few vector stores rather than a slow `rep stos`.
  std::uint32_t size_ = 0;
  std::array<std::uint32_t, inline_capacity> sizes_{};
  std::array<const char*, inline_capacity> data_{};
  std::vector<std::string_view> spilled_; // all of them, once one did not fit inline
};

} // namespace telegen::detail
