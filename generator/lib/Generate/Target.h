//===- Target.h - An output target's templates, checked and rendered -*- C++
//-*-===//
//
// An output target is a directory of templates with a manifest
// (Generate/Manifest.h): templates/cpp writes the C++ header. Its files are
// looked up file by file in the --templates directory first, then in the
// defaults installed with telegen, so a user can override one template and
// keep the others.
//
// Not thread-safe.
//
// Usage:
//   TemplateDirs Dirs{defaultTemplatesDir(), Overrides};
//   for (const std::string &Name : Dirs.targets()) {
//     Target T(Name, Dirs, Files, Diags);
//     if (T.load(shapeOf(ModuleView())))
//       T.render(toData(View), Rendered);
//   }
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_TARGET_H
#define TELEGEN_GENERATE_TARGET_H

#include "Generate/Manifest.h"
#include "Generate/Template.h"
#include "Generate/ViewData.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace telegen {
namespace generate {

/// Where templates are found.
struct TemplateDirs {
  /// The templates installed with telegen (share/telegen/templates).
  std::string Defaults;
  /// --templates; empty without it.
  std::string Overrides;

  /// The path of File in Target's directory, overrides first; "" when
  /// neither directory has it.
  std::string find(llvm::StringRef Target, llvm::StringRef File) const;
  /// The targets: directories with a manifest.yaml in either, by name.
  std::vector<std::string> targets() const;
};

/// A file rendered for a module, relative to the output directory.
struct RenderedFile {
  std::string Path;
  std::string Content;
  /// The manifest's output that names the file.
  Location From;
};

class Target {
public:
  Target(std::string Name, const TemplateDirs &Dirs, SourceFiles &Files,
         DiagnosticList &Diags)
      : Name(std::move(Name)), Dirs(Dirs), Files(Files), Diags(Diags) {}

  /// Reads the manifest, the templates it names and their partials, and
  /// checks them against the shape of the view. False when anything is
  /// reported.
  bool load(const Shape &Module);

  /// Renders every output for one module's view (whose shape load() was
  /// given), appending to Out. Reports file names that leave the output
  /// directory.
  void render(const MustacheData &Module, std::vector<RenderedFile> &Out);

  /// The paths of every file read, for reporting overrides nothing uses.
  const std::set<std::string> &filesRead() const { return FilesRead; }

private:
  struct Output {
    OutputSpec Spec;
    const generate::Template *Template = nullptr;
  };

  /// The template named Stem (file Stem.mustache), read once; nullptr
  /// (reported at UsedAt) when there is none or it does not parse.
  const generate::Template *templateNamed(llvm::StringRef Stem,
                                          const Location &UsedAt);
  bool loadOutput(OutputSpec &Spec, const Shape &Module);
  void renderFile(const Output &O, llvm::ArrayRef<const MustacheData *> Data,
                  std::vector<RenderedFile> &Out);

  std::string Name;
  const TemplateDirs &Dirs;
  SourceFiles &Files;
  DiagnosticList &Diags;
  /// By name; nullopt for one that is missing or did not parse.
  std::map<std::string, std::optional<generate::Template>> Templates;
  std::vector<Output> Outputs;
  std::set<std::string> FilesRead;
};

} // namespace generate
} // namespace telegen

#endif
