//===- GenerateCatalog.h - What 'telegen generate' reports ------*- C++ -*-===//
//
// The findings about templates, manifests and outputs, beside the schema
// checks (Check/Catalog.h) that 'telegen generate' runs first.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_GENERATECATALOG_H
#define TELEGEN_GENERATE_GENERATECATALOG_H

#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"

namespace telegen {
namespace checks {

extern const CheckInfo TemplateSyntax;
extern const CheckInfo TemplateMissingValue;
extern const CheckInfo TemplateNotFound;
extern const CheckInfo TemplateManifest;
extern const CheckInfo TemplateUnusedOverride;
extern const CheckInfo TemplateOutput;

/// Every check above, in this order.
llvm::ArrayRef<const CheckInfo *> generateChecks();

} // namespace checks
} // namespace telegen

#endif
