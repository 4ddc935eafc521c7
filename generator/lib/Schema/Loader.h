//===- Loader.h - A schema file and its imports, as one model ---*- C++ -*-===//
//
// Reads a schema file, the built-in schemas and local files it imports
// (reporting missing ones and cycles), parses each, merges their
// declarations (reporting duplicates) and resolves what references imply:
// label values from dependencies, enum fields typed by labels, the labels
// event updates bind implicitly. The result is ready for the checks
// (Check/Checks.h) and, when they find no errors, for generators.
//
// Not thread-safe; one Loader per schema.
//
// Usage:
//   SourceFiles Files;
//   DiagnosticList Diags;
//   Expected<LoadedSchema> S =
//       Loader(*vfs::getRealFileSystem(), Files, Diags).load("telemetry.yaml");
//   if (!S) ... // the file itself could not be read
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_LOADER_H
#define TELEGEN_SCHEMA_LOADER_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <string>

namespace telegen {
namespace schema {

struct LoadedSchema {
  Model Schema;
  /// Declarations that did not parse ("metric:x", "field:event.f"): checks
  /// do not report references to them as undefined.
  llvm::StringSet<> Broken;
  /// The name the root file goes by in findings.
  std::string RootFile;
  /// False when a file could not be parsed at all (YAML syntax, encoding):
  /// the model then lacks its declarations, and checks of the whole schema
  /// would only report the consequences.
  bool Complete = true;
};

class Loader {
public:
  Loader(llvm::vfs::FileSystem &FS, SourceFiles &Files, DiagnosticList &Diags)
      : FS(FS), Files(Files), Diags(Diags) {}

  /// Loads the schema at Path and everything it imports. Fails only when
  /// Path itself cannot be read; problems inside are reported to Diags.
  llvm::Expected<LoadedSchema> load(llvm::StringRef Path);

private:
  llvm::vfs::FileSystem &FS;
  SourceFiles &Files;
  DiagnosticList &Diags;
};

} // namespace schema
} // namespace telegen

#endif
