// --depfile lists every file the instrumented copy depends on: the source and
// each header it includes, for the build to re-run telegen when one changes.
// RUN: %telegen instrument %s --out %t.cpp --depfile %t.d -- %cxxflags
// RUN: FileCheck %s --input-file %t.d
#include "Inputs/catalog.hpp"

int catalog::find(int sku) { return sku; }

// CHECK: {{.*}}depfile.cpp.tmp.cpp: \
// CHECK-NEXT: {{.*}}depfile.cpp \
// CHECK-NEXT: {{.*}}Inputs/catalog.hpp \
// CHECK-NEXT: {{.*}}telegen/annotate.hpp

// The schema's files are inputs too.
// RUN: %telegen instrument %s --schema %S/Inputs/catalog.yaml --out %t.cpp --depfile %t.schema.d -- %cxxflags
// RUN: FileCheck %s --input-file %t.schema.d --check-prefix=SCHEMA
// SCHEMA: {{.*}}Inputs/catalog.hpp \
// SCHEMA: {{.*}}Inputs/catalog.yaml
