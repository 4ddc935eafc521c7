#include "telegen/detail/dynamic_label.hpp"

#include "core/utf8.hpp"
#include "metrics/label_log.hpp"

#include <new>

namespace telegen::detail {

std::size_t DynamicLabel::overflow() noexcept {
  overflowed_.add(
      1, {CountKind::label_overflow, identity_.fingerprint, identity_.metric, identity_.label});
  return max_values_;
}

std::size_t DynamicLabel::find(std::string_view value, std::size_t hash) const noexcept {
  for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const LabelValue* entry = table_[slot].load(std::memory_order_acquire);
    if (entry == nullptr)
      return max_values_;
    if (entry->hash == hash && entry->text == value)
      return entry->position;
  }
}

std::size_t DynamicLabel::append(std::string_view value, std::size_t hash) noexcept {
  const std::size_t position = size_.load(std::memory_order_relaxed);
  if (position >= max_values_)
    return max_values_;
  const LabelValue* entry = nullptr;
  try {
    entry = new LabelValue{hash, position, std::string(value)};
  } catch (const std::bad_alloc&) {
    return max_values_;
  }
  std::size_t slot = hash & mask_;
  while (table_[slot].load(std::memory_order_relaxed) != nullptr)
    slot = (slot + 1) & mask_;
  by_position_[position].store(entry, std::memory_order_release);
  table_[slot].store(entry, std::memory_order_release);
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
  // A full table stays full: every later value overflows without a lock.
  if (size_.load(std::memory_order_acquire) >= max_values_)
    return overflow();
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
