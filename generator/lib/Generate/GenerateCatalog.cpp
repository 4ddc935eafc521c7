//===- GenerateCatalog.cpp - What 'telegen generate' reports --------------===//
#include "Generate/GenerateCatalog.h"

namespace telegen {
namespace checks {

const CheckInfo TemplateSyntax = {
    "template.syntax", Severity::Error,
    "Templates use variables, sections, partials and comments, each tag "
    "closed."};
const CheckInfo TemplateMissingValue = {
    "template.missing-value", Severity::Error,
    "Every name a template uses is a value, flag or list of the view it "
    "renders."};
const CheckInfo TemplateNotFound = {
    "template.not-found", Severity::Error,
    "Manifests, templates and partials exist in the template directories."};
const CheckInfo TemplateManifest = {
    "template.manifest", Severity::Error,
    "A manifest lists outputs, each a template and a file name, rendered "
    "once or for each item of a list of the view."};
const CheckInfo TemplateUnusedOverride = {
    "template.unused-override", Severity::Warning,
    "Every file in the --templates directory overrides or adds a template "
    "of a target."};
const CheckInfo TemplateOutput = {
    "template.output", Severity::Error,
    "Outputs have distinct file names inside the output directory."};

llvm::ArrayRef<const CheckInfo *> generateChecks() {
  static const CheckInfo *const All[] = {
      &TemplateSyntax,   &TemplateMissingValue,   &TemplateNotFound,
      &TemplateManifest, &TemplateUnusedOverride, &TemplateOutput,
  };
  return All;
}

} // namespace checks
} // namespace telegen
