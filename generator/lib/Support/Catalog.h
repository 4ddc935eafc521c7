//===- Catalog.h - How a command declares its findings ------*- C++ -*-===//
//
// Every finding a command can report is a CheckInfo (id, default severity,
// one-line summary) listed once, in a .def file of its catalog:
//
//   // Check/Checks.def
//   TELEGEN_DIAGNOSTIC(YamlSyntax, "yaml.syntax", Error,
//       "The file is valid YAML.")
//
// The catalog's header and source expand that file through
// Support/CatalogDeclare.inc and Support/CatalogDefine.inc, which give the
// variables (checks::YamlSyntax) and a function listing them all in the
// file's order, which SARIF output publishes as the tool's rules:
//
//   namespace telegen::checks {
//   #define TELEGEN_CATALOG_FILE "Check/Checks.def"
//   #define TELEGEN_CATALOG_LIST schemaChecks
//   #include "Support/CatalogDeclare.inc"   // CatalogDefine.inc in the .cpp
//   }
//
// The catalogs: Check/Checks.def (telegen check, and the schema loading of
// every command), Generate/GenerateChecks.def, Diff/DiffChecks.def,
// Validate/LogChecks.def.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_CATALOG_H
#define TELEGEN_SUPPORT_CATALOG_H

#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"

#include <initializer_list>
#include <vector>

namespace telegen {

/// The checks of several catalogs, in order: what a command that reports
/// the schema's findings and its own publishes.
std::vector<const CheckInfo *>
joinCatalogs(std::initializer_list<llvm::ArrayRef<const CheckInfo *>> Lists);

} // namespace telegen

#endif
