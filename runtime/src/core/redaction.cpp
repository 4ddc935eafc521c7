#include "core/redaction.hpp"

#include <array>
#include <cstddef>

namespace telegen::detail {
namespace {

constexpr std::string_view sensitive_words[] = {
    "password", "passwd",     "passphrase", "secret", "token", "authorization", "auth",
    "cookie",   "credential", "card",       "cvv",    "ssn",   "apikey"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> sensitive_pairs{
    {{"api", "key"}, {"private", "key"}, {"access", "key"}, {"session", "id"}}};

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum(char c) { return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9'); }

bool word_equals(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size())
    return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = is_upper(word[i]) ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
    if (c != lower[i])
      return false;
  }
  return true;
}

bool is_sensitive_word(std::string_view word) {
  for (std::string_view s : sensitive_words) {
    if (word_equals(word, s))
      return true;
    if (word.size() == s.size() + 1 && (word.back() == 's' || word.back() == 'S') &&
        word_equals(word.substr(0, s.size()), s))
      return true;
  }
  return false;
}

} // namespace

bool is_sensitive_key(std::string_view key) noexcept {
  std::string_view previous;
  std::size_t i = 0;
  while (i < key.size()) {
    while (i < key.size() && !is_alnum(key[i]))
      ++i;
    const std::size_t start = i;
    while (i < key.size() && is_alnum(key[i]) &&
           !(i > start && is_upper(key[i]) && is_lower(key[i - 1])))
      ++i;
    const std::string_view word = key.substr(start, i - start);
    if (word.empty())
      continue;
    if (is_sensitive_word(word))
      return true;
    for (const auto& [first, second] : sensitive_pairs)
      if (word_equals(previous, first) && word_equals(word, second))
        return true;
    previous = word;
  }
  return false;
}

bool SensitiveKeys::operator()(std::string_view key) {
  if (auto it = answers_.find(key); it != answers_.end())
    return it->second;
  if (answers_.size() == max_keys) {
    answers_.clear();
    names_.clear();
  }
  const bool sensitive = is_sensitive_key(key);
  answers_.emplace(names_.emplace_back(key), sensitive);
  return sensitive;
}

} // namespace telegen::detail
