//===- SchemaLoaderFuzzer.cpp - libFuzzer target for schema loading -------===//
//
// Feeds arbitrary bytes to the whole 'telegen check' path: the loader (text
// guard, YAML, imports), every check, the diff against an empty schema both
// ways, the model dump and all four renderers. The input is the root schema
// in a file system of its own, so a local import can only find the input
// itself (an import cycle) or nothing; built-in imports work as usual.
//
// Build with the 'fuzz' preset (clang-19, ASan and UBSan) and run:
//   build/fuzz/bin/schema_loader_fuzzer -dict=generator/fuzz/schema.dict \
//       corpus/ test/schema schemas examples/orders
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Diff/Diff.h"
#include "Schema/Loader.h"
#include "Schema/ModelJson.h"
#include "Support/Render.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace llvm;
using namespace telegen;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  IntrusiveRefCntPtr<vfs::InMemoryFileSystem> FS(new vfs::InMemoryFileSystem);
  FS->setCurrentWorkingDirectory("/fuzz");
  FS->addFile("/fuzz/schema.yaml", /*ModificationTime=*/0,
              MemoryBuffer::getMemBufferCopy(
                  StringRef(reinterpret_cast<const char *>(Data), Size),
                  "schema.yaml"));

  SourceFiles Files;
  DiagnosticList Diags;
  Expected<schema::LoadedSchema> Loaded =
      schema::Loader(*FS, Files, Diags).load("schema.yaml");
  if (!Loaded) {
    consumeError(Loaded.takeError());
    return 0;
  }
  checkSchema(*Loaded, Diags);
  diffSchemas(schema::Model(), Loaded->Schema, Diags);
  diffSchemas(Loaded->Schema, schema::Model(), Diags);

  raw_null_ostream Null;
  schema::writeModelJson(Loaded->Schema, Null);
  Diags.sortByLocation(Files.names());
  Report R{Diags.all(), Files, checks::schemaChecks()};
  for (OutputFormat Format : {OutputFormat::Text, OutputFormat::Json,
                              OutputFormat::Sarif, OutputFormat::Github})
    render(Format, R, Null);
  return 0;
}
