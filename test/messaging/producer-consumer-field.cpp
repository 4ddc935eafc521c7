// TELEGEN_PRODUCER writes its span's context into the message's string
// field after the span starts; TELEGEN_CONSUMER reads it back, makes it
// current before its span starts (so the span is the producer's child) and
// links the span to it.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

struct Job {
  int id = 0;
  std::string trace_context;
};

TELEGEN_PRODUCER("jobs.enqueue", carrier = job.trace_context, attrs(job.id))
void enqueue(Job job) {}

// CHECK: telegen_site_{"jobs.enqueue", ::telegen::SpanKind::producer, "enqueue",
// CHECK-NEXT: ::telegen::SpanGuard telegen_span_{telegen_site_};
// CHECK-NEXT: telegen_span_.set_attribute(0, job.id);
// CHECK-NEXT: ::telegen::detail::inject_message(job.trace_context);

TELEGEN_CONSUMER("jobs.handle", carrier = job.trace_context)
void handle(const Job &job) {}

// CHECK: const ::telegen::Context telegen_message_ = ::telegen::detail::extract_message(job.trace_context);
// CHECK-NEXT: ::telegen::Scope telegen_message_scope_{telegen_message_};
// CHECK-NEXT: telegen_site_{"jobs.handle", ::telegen::SpanKind::consumer, "handle",
// CHECK-NEXT: ::telegen::SpanGuard telegen_span_{telegen_site_};
// CHECK-NEXT: telegen_span_.add_link(telegen_message_.span_context());
