//===- Loader.cpp - A schema file and its imports, as one model -----------===//
#include "Schema/Loader.h"

#include "Check/Catalog.h"
#include "Schema/Builtins.h"
#include "Schema/FileParser.h"
#include "Schema/Resolve.h"
#include "Schema/TextGuard.h"
#include "Schema/YamlReader.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLParser.h"

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

struct LoadedFile {
  /// The name findings show.
  std::string Name;
  /// The built-in schema this file is, or "".
  std::string Builtin;
  /// The import that brought the file in; invalid for the root.
  Location ImportedAt;
  SchemaFile Content;
};

/// One load: files in the order they were first imported, root first.
class LoadSession {
public:
  LoadSession(vfs::FileSystem &FS, SourceFiles &Files, DiagnosticList &Diags)
      : FS(FS), Files(Files), Diags(Diags) {}

  Error loadRoot(StringRef Path);
  LoadedSchema merge();

private:
  /// Identity of a file for cycles and repeated imports.
  std::string keyFor(StringRef Path);
  /// Reads a regular file; over-large ones are left to guardSchemaText.
  Expected<std::unique_ptr<MemoryBuffer>> read(StringRef Path);
  void loadFile(std::unique_ptr<MemoryBuffer> Buffer, const std::string &Key,
                StringRef Builtin, const Location &ImportedAt);
  void parse(unsigned BufferId, SchemaFile &Out);
  void loadImport(StringRef ImporterName, StringRef ImporterBuiltin,
                  const ImportDecl &Import);
  void markUnusedEvents(Model &M);

  vfs::FileSystem &FS;
  SourceFiles &Files;
  DiagnosticList &Diags;
  std::vector<LoadedFile> Loaded;
  StringMap<size_t> LoadedByKey;
  /// The files being loaded, from the root down to the current one.
  std::vector<std::pair<std::string, std::string>> ImportStack; // key, name
  bool Complete = true;
};

std::string LoadSession::keyFor(StringRef Path) {
  SmallString<256> Real;
  if (!FS.getRealPath(Path, Real))
    return Real.str().str();
  SmallString<256> Absolute(Path);
  (void)FS.makeAbsolute(Absolute);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return Absolute.str().str();
}

Expected<std::unique_ptr<MemoryBuffer>> LoadSession::read(StringRef Path) {
  ErrorOr<vfs::Status> Status = FS.status(Path);
  if (!Status)
    return createStringError(Status.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Status.getError().message().c_str());
  if (Status->getType() != sys::fs::file_type::regular_file)
    return createStringError(std::errc::invalid_argument,
                             "cannot read '%s': not a regular file",
                             Path.str().c_str());
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      FS.getBufferForFile(Path, /*FileSize=*/-1,
                          /*RequiresNullTerminator=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  return std::move(*Buffer);
}

void LoadSession::parse(unsigned BufferId, SchemaFile &Out) {
  if (!guardSchemaText(Files, BufferId, Diags)) {
    Complete = false;
    return;
  }
  if (!readYamlDocument(Files, BufferId, Diags,
                        "a schema file holds one YAML document; move this "
                        "one to a file of its own and import it",
                        [&](YamlReader &R, yaml::Node *Root) {
                          FileParser(R, Out).parse(Root);
                        })) {
    // What the walk found before the error may be the error's echo.
    Out = SchemaFile();
    Complete = false;
  }
}

void LoadSession::loadFile(std::unique_ptr<MemoryBuffer> Buffer,
                           const std::string &Key, StringRef Builtin,
                           const Location &ImportedAt) {
  std::string Name = Buffer->getBufferIdentifier().str();
  unsigned BufferId = Files.add(std::move(Buffer));
  size_t Index = Loaded.size();
  LoadedByKey[Key] = Index;
  Loaded.push_back({Name, Builtin.str(), ImportedAt, SchemaFile()});
  parse(BufferId, Loaded[Index].Content);

  ImportStack.emplace_back(Key, Name);
  // Loaded grows while importing: copy what the loop needs.
  std::vector<ImportDecl> Imports = Loaded[Index].Content.Imports;
  for (const ImportDecl &Import : Imports)
    loadImport(Name, Builtin, Import);
  ImportStack.pop_back();
}

void LoadSession::loadImport(StringRef ImporterName, StringRef ImporterBuiltin,
                             const ImportDecl &Import) {
  std::string Key, Name;
  std::unique_ptr<MemoryBuffer> Buffer;
  if (Import.IsBuiltin) {
    std::optional<StringRef> Text = builtinSchemaText(Import.Target);
    if (!Text) {
      StringRef Suggestion =
          closestSpelling(Import.Target, builtinSchemaNames());
      auto D = Diags.report(
          checks::ImportNotFound, Import.Loc,
          Suggestion.empty()
              ? formatv("no built-in schema is named '{0}'; the built-in "
                        "schemas are: {1}",
                        Import.Target, join(builtinSchemaNames(), ", "))
                    .str()
              : formatv("no built-in schema is named '{0}'; did you mean "
                        "'{1}'?",
                        Import.Target, Suggestion)
                    .str());
      if (!Suggestion.empty())
        D.fixIt(Suggestion);
      return;
    }
    Key = "builtin:" + Import.Target;
    Name = "<builtin>/" + Import.Target + ".yaml";
    Buffer = MemoryBuffer::getMemBuffer(*Text, Name);
  } else {
    if (!ImporterBuiltin.empty()) {
      Diags.report(checks::ImportNotFound, Import.Loc,
                   "a built-in schema imports only other built-in schemas");
      return;
    }
    SmallString<256> Path(Import.Target);
    if (!sys::path::is_absolute(Path)) {
      Path = sys::path::parent_path(ImporterName);
      sys::path::append(Path, Import.Target);
    }
    sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
    Name = Path.str().str();
    Key = keyFor(Name);
  }

  auto OnStack = find_if(ImportStack,
                         [&](const auto &Entry) { return Entry.first == Key; });
  if (OnStack != ImportStack.end()) {
    if (OnStack + 1 == ImportStack.end()) {
      Diags.report(checks::ImportCycle, Import.Loc,
                   formatv("'{0}' imports itself", ImporterName));
      return;
    }
    std::string Chain;
    for (auto It = OnStack; It != ImportStack.end(); ++It)
      Chain += It->second + " -> ";
    Diags.report(checks::ImportCycle, Import.Loc,
                 "import cycle: " + Chain + OnStack->second);
    return;
  }
  if (LoadedByKey.count(Key))
    return; // imported before, through another file

  if (!Buffer) {
    Expected<std::unique_ptr<MemoryBuffer>> Read = read(Name);
    if (!Read) {
      Diags.report(checks::ImportNotFound, Import.Loc,
                   toString(Read.takeError()));
      return;
    }
    Buffer = std::move(*Read);
  }
  loadFile(std::move(Buffer), Key,
           Import.IsBuiltin ? StringRef(Import.Target) : StringRef(),
           Import.Loc);
}

Error LoadSession::loadRoot(StringRef Path) {
  Expected<std::unique_ptr<MemoryBuffer>> Buffer = read(Path);
  if (!Buffer)
    return Buffer.takeError();
  size_t FindingsBefore = Diags.all().size();
  loadFile(std::move(*Buffer), keyFor(Path), "", Location());
  // A file whose declarations all failed to parse is not empty: its
  // findings say why.
  if (Loaded.front().Content.declaresNothing() &&
      Diags.all().size() == FindingsBefore) {
    Location Whole;
    Whole.File = Loaded.front().Name;
    Diags.report(checks::EmptySchema, Whole,
                 "the schema declares nothing; declare metrics, events or "
                 "spans, or import a schema");
  }
  return Error::success();
}

/// Moves declarations from files into one list, reporting names declared
/// in more than one file.
template <typename T>
void mergeInto(std::vector<T> &Into, std::vector<T> &&From, StringRef Kind,
               StringRef Builtin, StringMap<Location> &Seen,
               DiagnosticList &Diags) {
  for (T &Item : From) {
    auto [Previous, Inserted] = Seen.try_emplace(Item.Name, Item.Loc);
    if (!Inserted) {
      Diags
          .report(checks::Duplicate, Item.Loc,
                  formatv("{0} '{1}' is declared twice", Kind, Item.Name))
          .note(Previous->second, "first declared here");
      continue;
    }
    if constexpr (std::is_same_v<T, Label> || std::is_same_v<T, Metric> ||
                  std::is_same_v<T, Event> || std::is_same_v<T, Span>)
      Item.Builtin = Builtin.str();
    Into.push_back(std::move(Item));
  }
}

LoadedSchema LoadSession::merge() {
  LoadedSchema Result;
  Result.RootFile = Loaded.front().Name;
  Result.Complete = Complete;
  Model &M = Result.Schema;
  StringMap<Location> Labels, Metrics, Events, Spans, Dependencies, Slos,
      Alerts, Functions;
  for (size_t I = 0; I < Loaded.size(); ++I) {
    LoadedFile &File = Loaded[I];
    Model &D = File.Content.Decls;
    StringRef B = File.Builtin;
    mergeInto(M.Labels, std::move(D.Labels), "label", B, Labels, Diags);
    mergeInto(M.Metrics, std::move(D.Metrics), "metric", B, Metrics, Diags);
    mergeInto(M.Events, std::move(D.Events), "event", B, Events, Diags);
    mergeInto(M.Spans, std::move(D.Spans), "span", B, Spans, Diags);
    mergeInto(M.Dependencies, std::move(D.Dependencies), "dependency", B,
              Dependencies, Diags);
    mergeInto(M.Slos, std::move(D.Slos), "SLO", B, Slos, Diags);
    mergeInto(M.Alerts, std::move(D.Alerts), "alert", B, Alerts, Diags);
    for (PropagationBoundary &P : D.Propagation) {
      auto [Previous, Inserted] = Functions.try_emplace(P.Function, P.Loc);
      if (!Inserted) {
        Diags
            .report(checks::Duplicate, P.Loc,
                    formatv("function '{0}' is a propagation boundary twice",
                            P.Function))
            .note(Previous->second, "first declared here");
        continue;
      }
      M.Propagation.push_back(std::move(P));
    }
    std::move(D.Rules.begin(), D.Rules.end(), std::back_inserter(M.Rules));
    if (I == 0)
      M.Cardinality = D.Cardinality;
    else if (D.Cardinality.Loc.isValid())
      Diags
          .report(checks::RootOnly, D.Cardinality.Loc,
                  "cardinality budgets are set by the schema being checked; "
                  "move 'cardinality' there")
          .note(File.ImportedAt, "imported here");
    for (std::string &Broken : File.Content.Broken)
      Result.Broken.insert(Broken);
  }

  // Labels an imported schema takes from 'dependencies' need the importer
  // to declare them.
  if (M.Dependencies.empty() && Complete)
    for (const LoadedFile &File : drop_begin(Loaded))
      for (const Label &L : M.Labels)
        if (L.ValuesFromDependencies && L.Loc.File == File.Name)
          Diags
              .report(checks::ImportNeedsDependencies, File.ImportedAt,
                      formatv("'{0}' takes the values of label '{1}' from "
                              "'dependencies'; declare the services this one "
                              "depends on",
                              File.Name, L.Name))
              .note(L.Loc, "label declared here");

  markUnusedEvents(M);
  resolve(M);
  return Result;
}

/// Marks the events imports list in 'unused_events'; a name that is no
/// event of that import is reported with the import's events as choices.
void LoadSession::markUnusedEvents(Model &M) {
  for (const LoadedFile &File : Loaded)
    for (const ImportDecl &Import : File.Content.Imports) {
      std::vector<StringRef> Imported;
      for (const Event &E : M.Events)
        if (Import.IsBuiltin ? E.Builtin == Import.Target
                             : E.Builtin.empty() && E.Loc.File != File.Name)
          Imported.push_back(E.Name);
      for (const Ref &Name : Import.UnusedEvents) {
        auto Found = find_if(M.Events, [&](const Event &E) {
          return E.Name == Name.Name && is_contained(Imported, E.Name);
        });
        if (Found != M.Events.end()) {
          Found->UnusedAt = Name.Loc;
          continue;
        }
        StringRef Suggestion = closestSpelling(Name.Name, Imported);
        auto D = Diags.report(
            checks::UndefinedReference, Name.Loc,
            formatv("'{0}' is no event of the import '{1}'{2}", Name.Name,
                    Import.Target,
                    Suggestion.empty()
                        ? std::string("; list the events it declares that "
                                      "this service never logs")
                        : formatv("; did you mean '{0}'?", Suggestion).str()));
        if (!Suggestion.empty())
          D.fixIt(Suggestion);
      }
    }
}

} // namespace

Expected<LoadedSchema> Loader::load(StringRef Path) {
  LoadSession Session(FS, Files, Diags);
  if (Error E = Session.loadRoot(Path))
    return E;
  return Session.merge();
}

} // namespace schema
} // namespace telegen
