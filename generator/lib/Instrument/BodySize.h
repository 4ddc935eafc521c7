//===- BodySize.h - How much a function body does ---------------*- C++ -*-===//
//
// Rules leave out functions too small to be worth a span, as XRay leaves out
// functions below a number of machine instructions. Before code generation
// the AST is what there is to measure: a body's size is its statements, at
// every depth, plus its calls. An accessor (`return x_;`) is 1, a setter
// 1, `return impl_->find(key) != nullptr;` 2. A body with a loop may run for
// long whatever its size, so it is never too small (XRay does the same).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_BODYSIZE_H
#define TELEGEN_INSTRUMENT_BODYSIZE_H

#include "clang/AST/Stmt.h"

namespace telegen {

struct BodySize {
  /// Statements at every depth; a `{ }` block and an empty `;` are not one.
  unsigned Statements = 0;
  /// Calls of functions, member functions and overloaded operators.
  unsigned Calls = 0;
  bool HasLoop = false;

  unsigned total() const { return Statements + Calls; }
};

BodySize measureBody(const clang::Stmt &Body);

} // namespace telegen

#endif
