#include "telegen/detail/dynamic_label.hpp"

#include "core/utf8.hpp"
#include "metrics/label_log.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace telegen::detail {

std::size_t DynamicLabel::overflow() noexcept {
  overflowed_.add(
      1, {CountKind::label_overflow, identity_.fingerprint, identity_.metric, identity_.label});
  return max_values_;
}

std::size_t DynamicLabel::find(std::string_view value, std::size_t hash) const noexcept {
  for (std::size_t i = home(hash);; i = (i + 1) & mask_) {
    const std::uint64_t word = table_[i].word.load(std::memory_order_acquire);
    if (word == 0)
      return max_values_;
    if (holds(word, value, hash))
      return LabelSlot::position_of(word);
  }
}

std::size_t DynamicLabel::long_value_position(std::string_view value, std::uint64_t hash) noexcept {
  const std::size_t known = find(value, hash);
  return known != max_values_ ? known : add(value, hash);
}

namespace {

// A table of many values is probed at random: on 4 KiB pages nearly every
// lookup would also miss the TLB. Asks for transparent huge pages over the
// 2 MiB-aligned part of a large table, before its pages are first written.
void advise_huge_pages(void* table, std::size_t bytes) noexcept {
  constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(table);
  const std::uintptr_t first = (begin + huge_page - 1) & ~(huge_page - 1);
  const std::uintptr_t last = (begin + bytes) & ~(huge_page - 1);
  if (last > first)
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE); // a hint: ignore failure
}

} // namespace

std::size_t DynamicLabel::append(std::string_view value, std::size_t hash) noexcept {
  const std::size_t position = size_.load(std::memory_order_relaxed);
  if (position >= max_values_)
    return max_values_;
  if (position == 0) {
    advise_huge_pages(table_, (mask_ + 1) * sizeof(LabelSlot));
    advise_huge_pages(texts_, max_values_ * sizeof(LabelText));
  }
  const LabelValue* entry = nullptr;
  try {
    entry = new LabelValue{std::string(value)};
  } catch (const std::bad_alloc&) {
    return max_values_;
  }
  if (value.size() <= LabelText::inline_text) {
    const LabelKey key(value);
    texts_[position].text[0].store(key.text[0], std::memory_order_relaxed);
    texts_[position].text[1].store(key.text[1], std::memory_order_relaxed);
  }
  by_position_[position].store(entry, std::memory_order_release);
  std::size_t i = home(hash);
  while (table_[i].word.load(std::memory_order_relaxed) != 0)
    i = (i + 1) & mask_;
  table_[i].word.store(std::uint64_t{LabelSlot::tag(hash, value.size())} << 32 | position,
                       std::memory_order_release);
  size_.store(position + 1, std::memory_order_release);
  return position;
}

std::size_t DynamicLabel::add(std::string_view value, std::size_t hash) noexcept {
  // A caller passing the overflow value itself joins that series rather than
  // creating a second one with the same label value.
  if (value == overflow_value)
    return overflow();
  // Exposition needs valid UTF-8; the table only holds valid values, so an
  // invalid one never matches above and is mapped here each time.
  if (!is_valid_utf8(value)) {
    try {
      return position(to_valid_utf8(value));
    } catch (const std::bad_alloc&) {
      return overflow();
    }
  }
  // A full table stays full: every later value overflows without a lock,
  // unless another thread gave it the last positions since this thread's
  // probe (the probe found it missing before the table filled).
  if (size_.load(std::memory_order_acquire) >= max_values_) {
    const std::size_t known = find(value, hash);
    return known != max_values_ ? known : overflow();
  }
  if (std::optional<std::size_t> shared = LabelLog::position(*this, value, hash))
    return *shared < max_values_ ? *shared : overflow();

  std::lock_guard<std::mutex> lock(add_mutex_);
  // Another thread may have added the value since the lock-free probe.
  std::size_t position = find(value, hash);
  if (position == max_values_)
    position = append(value, hash);
  return position < max_values_ ? position : overflow();
}

} // namespace telegen::detail
