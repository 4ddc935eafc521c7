//===- Manifest.h - Which template renders which file -----------*- C++ -*-===//
//
// Every output target (templates/<target>/) has a manifest.yaml listing the
// files it writes:
//
//   outputs:
//     - template: header.mustache           # a template of this target
//       file: "{{file_stem}}.telegen.hpp"   # under --out-dir; a template too
//     - template: event.mustache
//       file: "{{file_stem}}.events/{{name}}.hpp"
//       for_each: events                    # once per item of this list
//
// An output is rendered once per schema, or with for_each once per item of
// a list of the view, with the item's fields in reach of its templates.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_MANIFEST_H
#define TELEGEN_GENERATE_MANIFEST_H

#include "Generate/Template.h"
#include "Schema/Model.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include <optional>
#include <vector>

namespace telegen {
namespace generate {

struct OutputSpec {
  /// The template's file name in the target's directory, with '.mustache'.
  schema::Ref Template;
  /// The output's file name, as written, and parsed as a template.
  schema::Ref File;
  std::optional<generate::Template> FileName;
  /// The list of the view the output is rendered for, item by item.
  std::optional<schema::Ref> ForEach;
  Location Loc;
};

/// Reads the manifest in the buffer Files holds under BufferId: the outputs
/// it writes completely go to Outputs. Returns false when anything was
/// reported.
bool readManifest(SourceFiles &Files, unsigned BufferId, DiagnosticList &Diags,
                  std::vector<OutputSpec> &Outputs);

} // namespace generate
} // namespace telegen

#endif
