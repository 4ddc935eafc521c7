// --model writes the model --emit=model-json prints, beside the instrumented
// source; a file with nothing to instrument gets one too, naming the file.
// RUN: %telegen instrument %s --out %t.cpp --model %t.json -- %cxxflags -pthread
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags -pthread > %t.emitted.json
// RUN: diff %t.json %t.emitted.json
// RUN: FileCheck %s < %t.json
// RUN: %telegen instrument %S/Inputs/pool-idle.cpp --out %t.idle.cpp --model %t.idle.json -- %cxxflags
// RUN: FileCheck %s --check-prefix=IDLE < %t.idle.json
#include <thread>

void start() {
  std::thread worker([] {});
  worker.join();
}

// CHECK:      "boundaries": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "callee": "std::thread",
// CHECK-NEXT:     "column": 15,
// CHECK-NEXT:     "kind": "thread",
// CHECK-NEXT:     "line": 12
// CHECK:      "file": "{{.*}}model-file.cpp",

// IDLE:      "boundaries": [],
// IDLE-NEXT: "file": "{{.*}}Inputs{{/|\\\\}}pool-idle.cpp",
// IDLE-NEXT: "functions": [],
