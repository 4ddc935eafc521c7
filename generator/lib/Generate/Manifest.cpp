//===- Manifest.cpp - Which template renders which file -------------------===//
#include "Generate/Manifest.h"

#include "Generate/GenerateCatalog.h"
#include "Schema/YamlReader.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using telegen::schema::Ref;
using telegen::schema::YamlReader;

namespace telegen {
namespace generate {
namespace {

class ManifestReader {
public:
  ManifestReader(YamlReader &R, SourceFiles &Files, unsigned BufferId)
      : R(R), Files(Files),
        Buffer(Files.sourceMgr().getMemoryBuffer(BufferId)->getBuffer()) {}

  bool read(yaml::Node *Root) {
    bool HasOutputs = false;
    bool IsMapping = R.mapping(
        Root, "the manifest", {"outputs"}, [&](const Ref &, yaml::Node *V) {
          HasOutputs = true;
          Ok &= R.sequence(V, "'outputs' of the manifest",
                           [&](yaml::Node *E) { output(E); });
        });
    if (IsMapping && !HasOutputs)
      R.reportMissing(R.locate(Root), "the manifest", "outputs");
    return IsMapping && HasOutputs && Ok;
  }

  std::vector<OutputSpec> Outputs;

private:
  void output(yaml::Node *N) {
    OutputSpec Out;
    Out.Loc = R.locate(N);
    bool IsMapping = R.mapping(N, "an output", {"template", "file", "for_each"},
                               [&](const Ref &Key, yaml::Node *V) {
                                 std::optional<std::string> Text = R.string(
                                     V, "'" + Key.Name + "' of an output");
                                 if (!Text) {
                                   Ok = false;
                                   return;
                                 }
                                 Ref Value{*Text, R.locate(V)};
                                 if (Key.Name == "template") {
                                   Out.Template = Value;
                                 } else if (Key.Name == "file") {
                                   Out.File = Value;
                                   Out.FileName = fileName(V);
                                   Ok &= Out.FileName.has_value();
                                 } else {
                                   Out.ForEach = Value;
                                 }
                               });
    if (!IsMapping) {
      Ok = false;
      return;
    }
    for (const Ref *Required : {&Out.Template, &Out.File})
      if (!Required->Loc.isValid()) {
        R.reportMissing(Out.Loc, "an output",
                        Required == &Out.File ? "file" : "template");
        Ok = false;
      }
    Outputs.push_back(std::move(Out));
  }

  /// An output's file name, parsed as a template where it is written.
  std::optional<Template> fileName(yaml::Node *V) {
    SmallString<64> Storage;
    StringRef Value = cast<yaml::ScalarNode>(V)->getValue(Storage);
    if (Value.begin() < Buffer.begin() || Value.end() > Buffer.end()) {
      R.diags().report(checks::TemplateManifest, R.locate(V),
                       "write the file name without escape sequences");
      return std::nullopt;
    }
    return Template::parse(Value, "file", Files, R.diags());
  }

  YamlReader &R;
  SourceFiles &Files;
  StringRef Buffer;
  bool Ok = true;
};

} // namespace

std::optional<std::vector<OutputSpec>>
readManifest(SourceFiles &Files, unsigned BufferId, DiagnosticList &Diags) {
  std::optional<std::vector<OutputSpec>> Outputs;
  if (!schema::readYamlDocument(
          Files, BufferId, Diags,
          "a manifest holds one YAML document; merge the two",
          [&](YamlReader &R, yaml::Node *Root) {
            ManifestReader Reader(R, Files, BufferId);
            if (Reader.read(Root))
              Outputs = std::move(Reader.Outputs);
          }))
    return std::nullopt;
  return Outputs;
}

} // namespace generate
} // namespace telegen
