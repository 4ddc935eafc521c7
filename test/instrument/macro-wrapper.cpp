// TELEGEN_SPAN can be produced by the user's own macro; diagnostics then
// point at the use of that macro.
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags | FileCheck %s
// RUN: not %telegen instrument %s --emit=model-json -- %cxxflags -DBROKEN 2>&1 | FileCheck %s --check-prefix=DIAG
#include <telegen/annotate.hpp>

#define HANDLER(name) TELEGEN_SPAN(name, kind = server, attrs(request_id))

HANDLER("api.get")
void get(int request_id) {}

#ifdef BROKEN
HANDLER("api.put")
// DIAG: macro-wrapper.cpp:[[@LINE-1]]:1: error: 'put' has no parameter named 'request_id'; did you mean 'requestid'?
void put(int requestid) {}
#endif

// CHECK: "function": "get"
// CHECK: "kind": "server"
// CHECK: "span": "api.get"
