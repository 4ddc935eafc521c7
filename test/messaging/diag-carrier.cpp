// TELEGEN_PRODUCER and TELEGEN_CONSUMER misused: reported at the token that
// is wrong, with what to do.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

struct Job {
  int id = 0;
  std::string trace_context;
  std::string context_copy() const;
};

TELEGEN_PRODUCER("jobs.enqueue")
// CHECK: diag-carrier.cpp:[[@LINE-1]]:18: error: TELEGEN_PRODUCER needs 'carrier = ...': the message member that carries the trace context, e.g. TELEGEN_PRODUCER("jobs.enqueue", carrier = job.trace_context)
void a(Job job) {}

TELEGEN_CONSUMER("jobs.handle", kind = server, carrier = job.trace_context)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:40: error: TELEGEN_CONSUMER always makes a consumer span; remove 'kind'
void b(Job job) {}

TELEGEN_SPAN("jobs.handle", carrier = job.trace_context)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:39: error: 'carrier' names a message's context field; use TELEGEN_PRODUCER on the function that enqueues the message or TELEGEN_CONSUMER on its handler instead of TELEGEN_SPAN
void c(Job job) {}

TELEGEN_PRODUCER("jobs.enqueue", carrier = job.id)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:44: error: 'job.id' of type 'int' cannot carry the trace context; name a std::string member (the context in one field, as telegen::inject_field writes it) or a std::map / std::unordered_map<std::string, std::string> (one entry per header)
void d(Job job) {}

TELEGEN_PRODUCER("jobs.enqueue", carrier = job.trace_context)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:44: error: the producer writes the trace context into 'job.trace_context', but it is const (type 'std::string'); name a member the function can assign, e.g. of a message it takes by value or non-const reference
void e(const Job &job) {}

TELEGEN_PRODUCER("jobs.enqueue", carrier = job.context_copy())
// CHECK: diag-carrier.cpp:[[@LINE-1]]:44: error: the producer writes the trace context into 'job.context_copy()', but it is a temporary (type 'std::string'); name a member the function can assign, e.g. of a message it takes by value or non-const reference
void f(Job job) {}

TELEGEN_CONSUMER("jobs.handle", carrier = job.trace_contxt)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:43: error: 'const Job' has no member named 'trace_contxt'; did you mean 'trace_context'?
void g(const Job &job) {}

TELEGEN_CONSUMER("jobs.handle", carrier = "trace")
// CHECK: diag-carrier.cpp:[[@LINE-1]]:43: error: expected the message member that carries the context, e.g. 'carrier = job.trace_context'
void h(const Job &job) {}

TELEGEN_CONSUMER("jobs.handle", carrier = job.trace_context)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:1: error: TELEGEN_CONSUMER applies to functions, not to var 'handled'; move it to a function declaration
int handled;

TELEGEN_SPAN("jobs.handle")
TELEGEN_CONSUMER("jobs.handle", carrier = job.trace_context)
// CHECK: diag-carrier.cpp:[[@LINE-1]]:1: error: 'i' has more than one span annotation (TELEGEN_CONSUMER, TELEGEN_SPAN); keep one
// CHECK: diag-carrier.cpp:[[@LINE-3]]:1: note: the other one is here
void i(const Job &job) {}
