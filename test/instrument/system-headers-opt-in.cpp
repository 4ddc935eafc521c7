// --instrument-system-headers DIR instruments the system headers under DIR
// as the project's own: the rule instruments vendor::greet, whose header gets
// a rewritten copy that declares itself a system header again, so the
// compiler keeps the library's warnings hidden as before.
// RUN: rm -rf %t.headers
// RUN: %telegen instrument %s --schema %S/Inputs/vendor.yaml --out %t.cpp --header-dir %t.headers --model %t.json --instrument-system-headers %S/Inputs/system -- %cxxflags -isystem %S/Inputs/system
// RUN: FileCheck %s --input-file %t.json --check-prefix=MODEL
// RUN: FileCheck %s --input-file %t.cpp --check-prefix=SOURCE
// RUN: FileCheck %s --input-file %t.headers%S/Inputs/system/vendor/greet.hpp --check-prefix=HEADER
#include <vendor/greet.hpp>

std::string welcome() { return vendor::greet("you"); }

// MODEL:       "file": "{{.*}}Inputs/system/vendor/greet.hpp",
// MODEL-NEXT:  "function": "vendor::greet",
// MODEL:       "in_system_headers": 0,
// MODEL-NEXT:  "instrumented": 1,

// SOURCE:      #include "{{.*}}.headers{{.*}}Inputs/system/vendor/greet.hpp"

// HEADER:      #include <telegen/detail/instrument.hpp>
// HEADER-NEXT: #pragma GCC system_header
// HEADER-NEXT: #line 1 "{{.*}}Inputs/system/vendor/greet.hpp"
// HEADER:      telegen_site_{"vendor::greet"
