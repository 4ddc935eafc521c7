// Secrets never reach a log line or an exported span: values under keys
// that name a secret are replaced before formatting.
#pragma once

#include <string_view>

namespace telegen::detail {

inline constexpr std::string_view redacted_value = "[REDACTED]";

// Whether `key` names a secret. The key is split into words at
// non-alphanumerics and lower-to-upper case changes ("apiKey", "X-Api-Key",
// "db_password"); it is sensitive when a word is one of password, passwd,
// passphrase, secret, token, authorization, auth, cookie, credential, card,
// cvv, ssn or apikey (plural forms too), or two adjacent words are api key,
// private key, access key or session id.
bool is_sensitive_key(std::string_view key) noexcept;

} // namespace telegen::detail
