//===- AlertExpression.h - What an alert's PromQL uses, against a schema -*- C++
//-*-===//
//
// Parses an alert's expression (Promql/Parser.h) and checks every metric,
// label and label value it uses against a model: a selector names a
// declared metric (a histogram's _bucket, _sum and _count series
// included), its matchers use the metric's labels (or the 'job' and
// 'instance' labels Prometheus adds to every scraped series, or 'le' on
// buckets) and values those labels take; by(), without(), on(), ignoring()
// and group_left/right() name labels the series they group have. Findings
// point at the expression's text in the schema, with a did-you-mean.
//
// telegen check runs it on the schema's own alerts; telegen diff runs the
// old schema's alerts against the new model, so a metric an alert still
// uses cannot be removed or renamed unnoticed.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_ALERTEXPRESSION_H
#define TELEGEN_CHECK_ALERTEXPRESSION_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"

#include "llvm/ADT/Twine.h"

namespace telegen {

/// Checks Alert's expression against M. Syntax and type errors are reported
/// under SyntaxCheck, names and values M does not declare under
/// ReferenceCheck, each with Note (when not empty) attached. Returns false
/// when anything was reported.
bool checkAlertExpression(const schema::Model &M, const schema::Alert &Alert,
                          DiagnosticList &Diags, const CheckInfo &SyntaxCheck,
                          const CheckInfo &ReferenceCheck,
                          const llvm::Twine &Note = "");

} // namespace telegen

#endif
