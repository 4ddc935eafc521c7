// Functions in system headers are left alone, even when a rule matches them;
// for a rule that matched nothing else, the model counts them and names the
// first, so that 'telegen check-rules' can say why the rule did nothing.
// RUN: %telegen instrument %s --schema %S/Inputs/vendor.yaml --emit=model-json -- %cxxflags -isystem %S/Inputs/system | FileCheck %s
#include <vendor/greet.hpp>

std::string welcome() { return vendor::greet("you"); }

// CHECK:       "functions": [],
// CHECK:       "rules": [
// CHECK-NEXT:    {
// CHECK-NEXT:      "in_system_headers": 1,
// CHECK-NEXT:      "instrumented": 0,
// CHECK-NEXT:      "not_instrumentable": 0,
// CHECK-NEXT:      "system_header_example": {
// CHECK-NEXT:        "file": "{{.*}}Inputs/system/vendor/greet.hpp",
// CHECK-NEXT:        "function": "vendor::greet"
// CHECK-NEXT:      },
// CHECK-NEXT:      "too_small": 0
// CHECK-NEXT:    }
// CHECK-NEXT:  ],
