// Secrets never reach a log line or an exported span: values under keys
// that name a secret are replaced before formatting.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace telegen::detail {

inline constexpr std::string_view redacted_value = "[REDACTED]";

// Whether `key` names a secret. The key is split into words at
// non-alphanumerics and lower-to-upper case changes ("apiKey", "X-Api-Key",
// "db_password"); it is sensitive when a word is one of password, passwd,
// passphrase, secret, token, authorization, auth, cookie, credential, card,
// cvv, ssn or apikey (plural forms too), or two adjacent words are api key,
// private key, access key or session id.
bool is_sensitive_key(std::string_view key) noexcept;

// is_sensitive_key with its answers remembered: attribute and field names
// come from a small set, and the background threads ask for every value.
// Not thread-safe: one per background thread.
class SensitiveKeys {
public:
  bool operator()(std::string_view key);

private:
  // Past this many distinct keys the memory is cleared and starts over.
  static constexpr std::size_t max_keys = 4096;
  std::deque<std::string> names_; // owns what the map's keys view
  std::unordered_map<std::string_view, bool> answers_;
};

} // namespace telegen::detail
