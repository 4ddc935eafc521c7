// One case per context boundary of docs/propagation.md. Each case starts a
// "parent" span under a request context, then does its work across the
// boundary, where a "child" span starts and a log line is written. Plain
// standard C++ and POSIX calls: `telegen instrument` makes the context cross
// them; compiled as it is, the context is lost. boundaries_test.py checks
// both builds from the exported spans and logs.
//
//   boundaries_app CASE          runs a case (thread, jthread, async, ...)
//   boundaries_app child CASE    the child process of the process cases
#include <telegen/annotate.hpp>
#include <telegen/context.hpp>
#include <telegen/log.hpp>
#include <telegen/propagation.hpp>
#include <telegen/span.hpp>
#include <telegen/telemetry.hpp>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace demo {

constexpr std::string_view case_key[] = {"case"};
constexpr telegen::detail::SpanSite parent_site{
    "parent", telegen::SpanKind::server, "run_case", "boundaries_app.cpp", 1, case_key};
constexpr telegen::detail::SpanSite child_site{
    "child", telegen::SpanKind::internal, "child_work", "boundaries_app.cpp", 2, case_key};

// What runs on the other side of every boundary.
void child_work(const std::string& name) {
  telegen::SpanGuard span(child_site);
  span.set_attribute(0, name);
  telegen::log(telegen::Level::info, "boundaries", "child", {{"case", name}});
}

// A single-thread pool: tasks run in submission order on its worker.
class Worker {
public:
  Worker() : thread_([this] { run(); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
  }

protected:
  void push(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty())
        return;
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

// A boundary declared on the function itself.
class AnnotatedPool : public Worker {
public:
  template <typename Task> TELEGEN_PROPAGATE void submit(Task&& task) {
    push(std::forward<Task>(task));
  }
};

// A boundary declared in boundaries.yaml (`propagation:`), as for a
// library whose headers cannot be annotated.
class SchemaPool : public Worker {
public:
  void post(std::function<void()> task) { push(std::move(task)); }
};

// A message with one string slot for the context.
struct Message {
  std::string payload;
  std::string trace_context;
};

class MessageQueue {
public:
  void push(Message message) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      messages_.push_back(std::move(message));
    }
    ready_.notify_one();
  }
  Message pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !messages_.empty(); });
    Message message = std::move(messages_.front());
    messages_.pop_front();
    return message;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Message> messages_;
};

std::string self_path() {
  char path[4096];
  const ssize_t size = readlink("/proc/self/exe", path, sizeof path - 1);
  if (size <= 0) {
    std::perror("readlink /proc/self/exe");
    std::exit(2);
  }
  return std::string(path, static_cast<std::size_t>(size));
}

void wait_for(pid_t child) {
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "the child process failed (status %d)\n", status);
    std::exit(2);
  }
}

// The request a case runs in: a request context, and the parent span
// under it.
class Parent {
public:
  explicit Parent(const std::string& name)
      : request_(telegen::Context::current().with_request(
            {"req-" + name, telegen::Frontend::cli, "flow-" + name})),
        span_(parent_site) {
    span_.set_attribute(0, name);
    telegen::log(telegen::Level::info, "boundaries", "parent", {{"case", name}});
  }

private:
  telegen::Scope request_;
  telegen::SpanGuard span_;
};

// Each case does child_work on the other side of one boundary. Pools and
// consumer threads are started before the request, so that only the
// boundary itself can carry the request's context to them.
const std::map<std::string, void (*)()> cases = {
    {"thread",
     [] {
       Parent parent("thread");
       std::thread worker(child_work, "thread");
       worker.join();
     }},
    {"jthread",
     [] {
       Parent parent("jthread");
       std::jthread worker([] { child_work("jthread"); });
     }},
    {"async",
     [] {
       Parent parent("async");
       std::async(std::launch::async, child_work, "async").get();
     }},
    {"executor-annotation",
     [] {
       AnnotatedPool pool;
       Parent parent("executor-annotation");
       std::promise<void> done;
       pool.submit([&done] {
         child_work("executor-annotation");
         done.set_value();
       });
       done.get_future().wait();
     }},
    {"executor-schema",
     [] {
       SchemaPool pool;
       Parent parent("executor-schema");
       std::promise<void> done;
       pool.post([&done] {
         child_work("executor-schema");
         done.set_value();
       });
       done.get_future().wait();
     }},
    {"spawn",
     [] {
       Parent parent("spawn");
       const std::string self = self_path();
       char* argv[] = {const_cast<char*>(self.c_str()), const_cast<char*>("child"),
                       const_cast<char*>("spawn"), nullptr};
       pid_t child = -1;
       if (posix_spawn(&child, self.c_str(), nullptr, nullptr, argv, environ) != 0) {
         std::perror("posix_spawn");
         std::exit(2);
       }
       wait_for(child);
     }},
    {"system",
     [] {
       Parent parent("system");
       const std::string command = "'" + self_path() + "' child system";
       if (std::system(command.c_str()) != 0) {
         std::fprintf(stderr, "system(%s) failed\n", command.c_str());
         std::exit(2);
       }
     }},
    {"exec",
     [] {
       Parent parent("exec");
       const std::string self = self_path();
       char* argv[] = {const_cast<char*>(self.c_str()), const_cast<char*>("child"),
                       const_cast<char*>("exec"), nullptr};
       const pid_t child = fork();
       if (child == 0) {
         execv(self.c_str(), argv);
         _exit(127);
       }
       wait_for(child);
     }},
    {"queue",
     [] {
       MessageQueue queue;
       std::thread consumer([&queue] {
         const Message message = queue.pop();
         telegen::Scope scope(telegen::extract_field(message.trace_context));
         child_work(message.payload);
       });
       {
         Parent parent("queue");
         queue.push({"queue", telegen::inject_field()});
       }
       consumer.join();
     }},
    {"queue-bare",
     [] {
       MessageQueue queue;
       std::thread consumer([&queue] { child_work(queue.pop().payload); });
       {
         Parent parent("queue-bare");
         queue.push({"queue-bare", {}});
       }
       consumer.join();
     }},
};

int run_case(const std::string& name) {
  const auto found = cases.find(name);
  if (found == cases.end()) {
    std::fprintf(stderr, "unknown case '%s'\n", name.c_str());
    return 2;
  }
  found->second();
  return 0;
}

// A child process writes its own files beside its parent's.
void use_child_files() {
  for (const char* variable : {"TELEGEN_TRACES_FILE", "TELEGEN_LOG_FILE"})
    if (const char* path = std::getenv(variable))
      setenv(variable, (std::string(path) + ".child").c_str(), 1);
}

} // namespace demo

int main(int argc, char** argv) {
  int status = 2;
  if (argc == 3 && std::strcmp(argv[1], "child") == 0) {
    demo::use_child_files();
    demo::child_work(argv[2]);
    status = 0;
  } else if (argc == 2) {
    status = demo::run_case(argv[1]);
  } else {
    std::fprintf(stderr, "usage: %s CASE | child CASE\n", argv[0]);
  }
  telegen::shutdown();
  return status;
}
