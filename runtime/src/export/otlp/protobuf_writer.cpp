#include "export/otlp/protobuf_writer.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <string>

namespace telegen::detail {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "ProtoWriter copies fixed-width values as they are in memory");

constexpr std::size_t initial_capacity = 64 * 1024;

} // namespace

void ProtoWriter::string_field(std::uint32_t field, std::string_view text) {
  if (Run::is_ascii(text) || is_valid_utf8(text))
    bytes_field(field, text);
  else
    bytes_field(field, to_valid_utf8(text));
}

void ProtoWriter::grow(std::size_t bytes) {
  const std::size_t used = size();
  const std::size_t capacity =
      std::max({initial_capacity, 2 * static_cast<std::size_t>(end_ - begin_), used + bytes});
  std::unique_ptr<char[]> buffer(new char[capacity]); // not zeroed: written before read
  char* end = buffer.get() + capacity;
  if (used != 0)
    std::memcpy(end - used, at_, used);
  buffer_ = std::move(buffer);
  begin_ = buffer_.get();
  end_ = end;
  at_ = end - used;
}

} // namespace telegen::detail
