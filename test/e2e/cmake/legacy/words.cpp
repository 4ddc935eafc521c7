// This file starts with a UTF-8 byte-order mark, as some editors write.
#include <string>

namespace legacy {
int count_words(const std::string &text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    bool letter = c != ' ';
    if (letter && !in_word)
      ++words;
    in_word = letter;
  }
  return words;
}
} // namespace legacy
