#include <greeting/greeting.hpp>
#include <telegen/telemetry.hpp>

#include <cstdio>
#include <string>

namespace legacy {
int count_words(const std::string &text);
}

int main() {
  std::string text = greeting::greet("world", 0);
  std::printf("%s has %d words\n", text.c_str(), legacy::count_words(text));
  telegen::shutdown();
}
