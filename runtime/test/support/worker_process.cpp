#include "support/worker_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace telegen::test {
namespace {

// Moves every byte through the pipe, or throws.
template <class Transfer, class Bytes>
void transfer_all(Transfer transfer, int fd, Bytes* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = transfer(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::runtime_error("worker pipe closed");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_all(int fd, const char* data, std::size_t size) {
  transfer_all(::write, fd, data, size);
}

void read_all(int fd, char* data, std::size_t size) { transfer_all(::read, fd, data, size); }

bool read_line(int fd, std::string& line) {
  line.clear();
  char c;
  while (true) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    if (c == '\n')
      return true;
    line.push_back(c);
  }
}

[[noreturn]] void serve(int commands, int answers, const WorkerProcess::Handler& handler) {
  std::string command;
  while (read_line(commands, command)) {
    if (command == "exit")
      std::exit(0);
    const std::string answer = handler(command);
    const std::uint64_t size = answer.size();
    write_all(answers, reinterpret_cast<const char*>(&size), sizeof size);
    write_all(answers, answer.data(), answer.size());
  }
  ::_exit(0);
}

} // namespace

WorkerProcess::WorkerProcess(Handler handler) {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0)
    throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::close(down[1]);
    ::close(up[0]);
    try {
      serve(down[0], up[1], handler);
    } catch (...) {
      ::_exit(3);
    }
  }
  ::close(down[0]);
  ::close(up[1]);
  to_child_ = down[1];
  from_child_ = up[0];
}

WorkerProcess::~WorkerProcess() {
  if (pid_ > 0)
    kill();
  ::close(to_child_);
  ::close(from_child_);
}

std::string WorkerProcess::ask(const std::string& command) {
  const std::string line = command + "\n";
  write_all(to_child_, line.data(), line.size());
  std::uint64_t size = 0;
  read_all(from_child_, reinterpret_cast<char*>(&size), sizeof size);
  std::string answer(size, '\0');
  read_all(from_child_, answer.data(), answer.size());
  return answer;
}

int WorkerProcess::reap() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status;
}

int WorkerProcess::exit() {
  write_all(to_child_, "exit\n", 5);
  return reap();
}

int WorkerProcess::kill() {
  ::kill(pid_, SIGKILL);
  return reap();
}

} // namespace telegen::test
