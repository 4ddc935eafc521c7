//===- ModelFiles.cpp - Checks across the models of a target --------------===//
#include "Driver/ModelFiles.h"
#include "Driver/Command.h"
#include "Driver/SchemaInput.h"
#include "Instrument/InstrumentModel.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

#include <optional>

using namespace llvm;

namespace telegen {

ModelCheckOptions::ModelCheckOptions(cl::SubCommand &Sub)
    : ModelFiles(cl::Positional, cl::OneOrMore, cl::desc("<model.json>..."),
                 cl::sub(Sub), cl::cat(telegenCategory())),
      SchemaFile("schema", cl::Required,
                 cl::desc("The schema the sources were instrumented with"),
                 cl::value_desc("file"), cl::sub(Sub),
                 cl::cat(telegenCategory())),
      Format("format", cl::desc(FormatHelp), outputFormatValues(),
             cl::init(OutputFormat::Text), cl::sub(Sub),
             cl::cat(telegenCategory())),
      Werror("werror", cl::desc(WerrorHelp), cl::sub(Sub),
             cl::cat(telegenCategory())) {}

/// The models at Paths, in that order; after reporting one that cannot be
/// read or is not a model, nothing.
static std::optional<std::vector<ModelFile>>
readModelFiles(ArrayRef<std::string> Paths) {
  std::vector<ModelFile> Models;
  for (const std::string &Path : Paths) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
    if (!Text) {
      WithColor::error(errs(), "telegen")
          << "cannot read '" << Path << "': " << Text.getError().message()
          << "\n";
      return std::nullopt;
    }
    Expected<json::Object> Model = parseModel((*Text)->getBuffer(), Path);
    if (!Model) {
      WithColor::error(errs(), "telegen")
          << toString(Model.takeError()) << "\n";
      return std::nullopt;
    }
    Models.push_back({Path, std::move(*Model)});
  }
  return Models;
}

int runModelCheck(const ModelCheckOptions &Options,
                  ArrayRef<const CheckInfo *> Checks, ModelCheck Check) {
  SourceFiles Files;
  int Code = ExitSuccess;
  std::optional<schema::LoadedSchema> Schema =
      loadSchemaInput(Options.SchemaFile, Files, Code);
  if (!Schema)
    return Code;
  std::optional<std::vector<ModelFile>> Models =
      readModelFiles(Options.ModelFiles);
  if (!Models)
    return ExitUsage;
  DiagnosticList Diags;
  if (Error E = Check(Schema->Schema, *Models, Diags)) {
    WithColor::error(errs(), "telegen") << toString(std::move(E)) << "\n";
    return ExitUsage;
  }
  return reportFindings(Diags, Files, Checks, Options.Format, Options.Werror);
}

} // namespace telegen
