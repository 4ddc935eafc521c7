// With rules, a file is parsed only when one of its inputs spells a name a
// rule may match; this one spells none, so it is passed through.
// RUN: %telegen instrument %s --schema %S/Inputs/rules.yaml --out %t.cpp -- %cxxflags
// RUN: FileCheck %s --input-file %t.cpp
int unrelated(int x) { return x; }
// CHECK: // Nothing in this file is instrumented by telegen.
