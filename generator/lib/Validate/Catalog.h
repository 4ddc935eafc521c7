//===- Catalog.h - Every finding 'telegen validate-events' reports -*- C++
//-*-===//
//
// One CheckInfo per check, with its id, severity and summary; SARIF output
// publishes the list as the tool's rules. docs/resilience.md lists the same
// ids.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_CATALOG_H
#define TELEGEN_VALIDATE_CATALOG_H

#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"

namespace telegen {
namespace validate {

// Lines that are not records.
extern const CheckInfo NotJson;
extern const CheckInfo Truncated;
extern const CheckInfo LineTooLong;

// Records of declared events.
extern const CheckInfo UnknownEvent;
extern const CheckInfo MissingField;
extern const CheckInfo FieldType;
extern const CheckInfo FieldValue;
extern const CheckInfo Level;
extern const CheckInfo Record;
extern const CheckInfo TraceContext;
extern const CheckInfo Coverage;

// Past the listing limit.
extern const CheckInfo Unlisted;

/// Every check above, in this order.
llvm::ArrayRef<const CheckInfo *> logChecks();

} // namespace validate
} // namespace telegen

#endif
