// With a schema, a producer's span must be declared as a producer span and
// a consumer's as a consumer span.
// RUN: not %telegen instrument %s --schema %S/Inputs/jobs.yaml --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

struct Job {
  std::string trace_context;
};

TELEGEN_PRODUCER("jobs.handle", carrier = job.trace_context)
// CHECK: diag-carrier-schema.cpp:[[@LINE-1]]:18: error: TELEGEN_PRODUCER needs a producer span, but 'jobs.handle' is declared as consumer in the schema; declare it with 'kind: producer'
void a(Job job) {}

TELEGEN_CONSUMER("jobs.check", carrier = job.trace_context)
// CHECK: diag-carrier-schema.cpp:[[@LINE-1]]:18: error: TELEGEN_CONSUMER needs a consumer span, but 'jobs.check' is declared as internal in the schema; declare it with 'kind: consumer'
void b(const Job &job) {}
