// A record the runtime writes about itself (its start, the configuration
// it runs with, its shutdown): made whole where it happens, with no
// caller's context, and handed to the log thread, which formats it like any
// other. Its strings are its own, so it outlives the code that made it.
#pragma once

#include "log/log_format.hpp"
#include "telegen/detail/site.hpp"

#include <deque>
#include <string>

namespace telegen::detail {

class OwnRecord {
public:
  // Now, at the site's level, logger, event and location; source internal.
  explicit OwnRecord(const EventSite& site);
  OwnRecord(OwnRecord&&) = default;
  OwnRecord& operator=(OwnRecord&&) = default;
  OwnRecord(const OwnRecord&) = delete;
  OwnRecord& operator=(const OwnRecord&) = delete;

  // The next field of the site's, in order. A string is copied.
  OwnRecord& add(const AttributeValue& value);

  const LogView& view() const noexcept { return view_; }

private:
  const EventSite* site_;
  // Moving a deque keeps its elements where they are: the views stay valid.
  std::deque<std::string> strings_;
  LogView view_;
};

} // namespace telegen::detail
