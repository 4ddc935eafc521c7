//===- Target.cpp - An output target's templates, checked and rendered ----===//
#include "Generate/Target.h"

#include "Generate/GenerateCatalog.h"
#include "Support/Suggest.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace telegen {
namespace generate {
namespace {

constexpr StringRef ManifestFile = "manifest.yaml";
constexpr StringRef TemplateSuffix = ".mustache";

/// A path below the output directory: relative, without '.', '..' or
/// empty components.
bool staysInside(StringRef Path) {
  if (Path.empty() || sys::path::is_absolute(Path))
    return false;
  SmallVector<StringRef, 4> Parts;
  Path.split(Parts, '/');
  return none_of(Parts, [](StringRef Part) {
    return Part.empty() || Part == "." || Part == "..";
  });
}

} // namespace

std::string TemplateDirs::find(StringRef Target, StringRef File) const {
  for (const std::string *Dir : {&Overrides, &Defaults}) {
    if (Dir->empty())
      continue;
    SmallString<256> Path(*Dir);
    sys::path::append(Path, Target, File);
    if (sys::fs::is_regular_file(Path))
      return Path.str().str();
  }
  return "";
}

std::vector<std::string> TemplateDirs::targets() const {
  std::set<std::string> Names;
  for (const std::string *Dir : {&Overrides, &Defaults}) {
    if (Dir->empty())
      continue;
    std::error_code EC;
    for (sys::fs::directory_iterator It(*Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      SmallString<256> Manifest(It->path());
      sys::path::append(Manifest, ManifestFile);
      if (sys::fs::is_regular_file(Manifest))
        Names.insert(sys::path::filename(It->path()).str());
    }
  }
  return {Names.begin(), Names.end()};
}

bool Target::load(const Shape &Module) {
  std::string Path = Dirs.find(Name, ManifestFile);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Location Whole;
    Whole.File = Path;
    Diags.report(checks::TemplateNotFound, Whole,
                 "cannot read the manifest: " + Buffer.getError().message());
    return false;
  }
  FilesRead.insert(Path);
  std::vector<OutputSpec> Specs;
  bool Ok = readManifest(Files, Files.add(std::move(*Buffer)), Diags, Specs);
  for (OutputSpec &Spec : Specs)
    Ok &= loadOutput(Spec, Module);
  return Ok;
}

bool Target::loadOutput(OutputSpec &Spec, const Shape &Module) {
  StringRef File = Spec.Template.Name;
  if (!File.ends_with(TemplateSuffix) ||
      !isTemplateName(File.drop_back(TemplateSuffix.size()))) {
    Diags.report(checks::TemplateManifest, Spec.Template.Loc,
                 formatv("'{0}' is not a template: name a file of this "
                         "target's directory ending in '{1}' (letters, "
                         "digits, '_' and '-' before it)",
                         File, TemplateSuffix));
    return false;
  }

  std::vector<const Shape *> Context{&Module};
  if (Spec.ForEach) {
    auto It = Module.Fields.find(Spec.ForEach->Name);
    bool IsItemList = It != Module.Fields.end() &&
                      It->second.Kind == Shape::List &&
                      It->second.Element->Kind == Shape::Object;
    if (!IsItemList) {
      std::vector<StringRef> Lists;
      for (const auto &[FieldName, FieldShape] : Module.Fields)
        if (FieldShape.Kind == Shape::List &&
            FieldShape.Element->Kind == Shape::Object)
          Lists.push_back(FieldName);
      StringRef Suggestion = closestSpelling(Spec.ForEach->Name, Lists);
      auto D = Diags.report(
          checks::TemplateManifest, Spec.ForEach->Loc,
          Suggestion.empty()
              ? formatv("'for_each' takes a list of the view's items; "
                        "'{0}' is none: {1}",
                        Spec.ForEach->Name, join(Lists, ", "))
                    .str()
              : formatv("'for_each' takes a list of the view's items; "
                        "'{0}' is none; did you mean '{1}'?",
                        Spec.ForEach->Name, Suggestion)
                    .str());
      if (!Suggestion.empty())
        D.fixIt(Suggestion);
      return false;
    }
    Context.push_back(It->second.Element.get());
  }

  auto Partials = [this](StringRef Stem, const Location &UsedAt) {
    return templateNamed(Stem, UsedAt);
  };
  const generate::Template *T =
      templateNamed(File.drop_back(TemplateSuffix.size()), Spec.Template.Loc);
  bool Ok = T && T->check(Context, Partials, Diags);
  Ok &= Spec.FileName->check(Context, Partials, Diags);
  if (Ok)
    Outputs.push_back({std::move(Spec), T});
  return Ok;
}

const generate::Template *Target::templateNamed(StringRef Stem,
                                                const Location &UsedAt) {
  auto [It, Inserted] = Templates.try_emplace(Stem.str());
  if (!Inserted)
    return It->second ? &*It->second : nullptr;
  std::string File = (Stem + TemplateSuffix).str();
  std::string Path = Dirs.find(Name, File);
  if (Path.empty()) {
    std::string Where =
        Dirs.Overrides.empty()
            ? Dirs.Defaults + "/" + Name
            : Dirs.Overrides + "/" + Name + " or " + Dirs.Defaults + "/" + Name;
    Diags.report(checks::TemplateNotFound, UsedAt,
                 formatv("target '{0}' has no template '{1}' (looked in {2})",
                         Name, File, Where));
    return nullptr;
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Diags.report(
        checks::TemplateNotFound, UsedAt,
        formatv("cannot read '{0}': {1}", Path, Buffer.getError().message()));
    return nullptr;
  }
  FilesRead.insert(Path);
  unsigned Id = Files.add(std::move(*Buffer));
  It->second = Template::parse(
      Files.sourceMgr().getMemoryBuffer(Id)->getBuffer(), Stem, Files, Diags);
  return It->second ? &*It->second : nullptr;
}

void Target::render(const MustacheData &Module,
                    std::vector<RenderedFile> &Out) {
  for (const Output &O : Outputs) {
    if (!O.Spec.ForEach) {
      renderFile(O, {&Module}, Out);
      continue;
    }
    for (const MustacheData &Item :
         Module.get(O.Spec.ForEach->Name)->list_value())
      renderFile(O, {&Module, &Item}, Out);
  }
}

void Target::renderFile(const Output &O, ArrayRef<const MustacheData *> Data,
                        std::vector<RenderedFile> &Out) {
  auto Partials = [this](StringRef Stem, const Location &UsedAt) {
    return templateNamed(Stem, UsedAt);
  };
  std::string Path = O.Spec.FileName->render(Data, Partials);
  if (!staysInside(Path)) {
    Diags.report(checks::TemplateOutput, O.Spec.File.Loc,
                 formatv("file name '{0}' (from '{1}') is not a relative "
                         "path inside the output directory",
                         Path, O.Spec.File.Name));
    return;
  }
  Out.push_back({Path, O.Template->render(Data, Partials), O.Spec.Loc});
}

} // namespace generate
} // namespace telegen
