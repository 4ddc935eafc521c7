// A producer thread submits orders; each becomes a job on the "orders"
// queue (its trace context in one string field), which a pool of three
// workers handles. A job whose order is a multiple of 10 fails its first
// attempt and is enqueued again by the worker; one whose order is a
// multiple of 25 fails both. Every handled order puts a mail on the "mail"
// queue (its context in a string map), delivered by one more worker.
// Instrumented by `telegen instrument` (TELEGEN_PRODUCER / _CONSUMER), with
// the tasks schema's adapters reporting the metrics and events.
//
// Usage: jobs_app ORDERS METRICS_FILE
#include "jobs.telegen.hpp"

#include <telegen/annotate.hpp>
#include <telegen/exposition.hpp>
#include <telegen/telemetry.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tasks = jobs::tasks;

struct Job {
  int order = 0;
  int attempt = 1;
  std::string trace_context;
};

struct Mail {
  int order = 0;
  std::map<std::string, std::string> headers;
};

// A closable FIFO that reports its depth and the age of its oldest item.
template <class Item> class Queue {
public:
  Queue(const char* name, const char* task) : name_(name), task_(task) {}

  void push(Item item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back({std::move(item), std::chrono::steady_clock::now()});
    tasks::enqueued(name_, task_, items_.size());
    ready_.notify_one();
  }
  // The next item, or nothing once closed and drained.
  std::optional<Item> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty())
      return std::nullopt;
    Item item = std::move(items_.front().item);
    items_.pop_front();
    const auto now = std::chrono::steady_clock::now();
    tasks::queue_status(name_, items_.size(),
                        items_.empty() ? std::chrono::duration<double>(0)
                                       : now - items_.front().enqueued);
    return item;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

private:
  struct Entry {
    Item item;
    std::chrono::steady_clock::time_point enqueued;
  };
  const char* name_;
  const char* task_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Entry> items_;
  bool closed_ = false;
};

Queue<Job> orders_queue("orders", "process_order");
Queue<Mail> mail_queue("mail", "send_mail");

TELEGEN_PRODUCER("orders.enqueue", carrier = job.trace_context, attrs(job.order, job.attempt))
void enqueue(Job job) { orders_queue.push(std::move(job)); }

TELEGEN_PRODUCER("mail.send", carrier = mail.headers, attrs(mail.order))
void send_mail(Mail mail) { mail_queue.push(std::move(mail)); }

TELEGEN_SPAN("orders.submit", attrs(order))
void submit(int order) { enqueue(Job{order, 1, {}}); }

constexpr int max_attempts = 2;
std::atomic<int> settled{0};

TELEGEN_CONSUMER("orders.handle", carrier = job.trace_context, attrs(job.order, job.attempt))
void handle(const Job& job) {
  tasks::TaskRun run("process_order", "orders");
  const bool fails = job.order % 25 == 0 || (job.order % 10 == 0 && job.attempt == 1);
  if (!fails) {
    run.succeeded();
    send_mail(Mail{job.order, {}});
    ++settled;
    return;
  }
  run.failed("card declined", job.attempt, max_attempts);
  if (job.attempt < max_attempts)
    enqueue(Job{job.order, job.attempt + 1, {}});
  else
    ++settled;
}

TELEGEN_CONSUMER("mail.deliver", carrier = mail.headers, attrs(mail.order))
void deliver(const Mail& mail) {
  tasks::TaskRun run("send_mail", "mail");
  run.succeeded();
}

int main(int argc, char** argv) {
  if (argc != 3)
    return 2;
  const int orders = std::atoi(argv[1]);

  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([] {
      while (std::optional<Job> job = orders_queue.pop())
        handle(*job);
    });
  std::thread mailer([] {
    while (std::optional<Mail> mail = mail_queue.pop())
      deliver(*mail);
  });
  std::thread producer([orders] {
    for (int order = 1; order <= orders; ++order)
      submit(order);
  });
  producer.join();
  // Retries are enqueued by the workers themselves: close the queue once
  // every order is settled (handled, or failed on its last attempt).
  while (settled.load() < orders)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  orders_queue.close();
  for (std::thread& worker : workers)
    worker.join();
  mail_queue.close();
  mailer.join();

  std::ofstream(argv[2]) << telegen::metrics_text();
  telegen::shutdown();
  return 0;
}
