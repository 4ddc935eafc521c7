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

  void read(yaml::Node *Root) {
    bool HasOutputs = false;
    bool IsMapping = R.mapping(Root, "the manifest", {"outputs"},
                               [&](const Ref &, yaml::Node *V) {
                                 HasOutputs = true;
                                 R.sequence(V, "'outputs' of the manifest",
                                            [&](yaml::Node *E) { output(E); });
                               });
    if (IsMapping && !HasOutputs)
      R.reportMissing(R.locate(Root), "the manifest", "outputs");
  }

  /// The outputs written completely.
  std::vector<OutputSpec> Outputs;

private:
  void output(yaml::Node *N) {
    OutputSpec Out;
    Out.Loc = R.locate(N);
    bool Complete = R.mapping(N, "an output", {"template", "file", "for_each"},
                              [&](const Ref &Key, yaml::Node *V) {
                                std::optional<std::string> Text = R.string(
                                    V, "'" + Key.Name + "' of an output");
                                if (!Text)
                                  return;
                                Ref Value{*Text, R.locate(V)};
                                if (Key.Name == "template") {
                                  Out.Template = Value;
                                } else if (Key.Name == "file") {
                                  Out.File = Value;
                                  Out.FileName = fileName(V);
                                } else {
                                  Out.ForEach = Value;
                                }
                              });
    if (!Complete)
      return;
    for (const Ref *Required : {&Out.Template, &Out.File})
      if (!Required->Loc.isValid()) {
        R.reportMissing(Out.Loc, "an output",
                        Required == &Out.File ? "file" : "template");
        Complete = false;
      }
    if (Complete && Out.FileName)
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
};

} // namespace

bool readManifest(SourceFiles &Files, unsigned BufferId, DiagnosticList &Diags,
                  std::vector<OutputSpec> &Outputs) {
  unsigned ErrorsBefore = Diags.count(Severity::Error);
  schema::readYamlDocument(Files, BufferId, Diags,
                           "a manifest holds one YAML document; merge the two",
                           [&](YamlReader &R, yaml::Node *Root) {
                             ManifestReader Reader(R, Files, BufferId);
                             Reader.read(Root);
                             Outputs = std::move(Reader.Outputs);
                           });
  return Diags.count(Severity::Error) == ErrorsBefore;
}

} // namespace generate
} // namespace telegen
