//===- FileParser.h - One schema file's declarations ------------*- C++ -*-===//
//
// Turns one YAML document into what its file declares, reporting every
// problem of shape and value on the way. Imports and references are left to
// the Loader, which merges files, and to the checks.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_FILEPARSER_H
#define TELEGEN_SCHEMA_FILEPARSER_H

#include "Schema/Model.h"
#include "Schema/YamlReader.h"

#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace telegen {
namespace schema {

/// An import as a file writes it.
struct ImportDecl {
  bool IsBuiltin = false;
  /// The built-in schema's name, or a path relative to the importing file.
  std::string Target;
  Location Loc;
  /// Events of the import the service declares it never logs
  /// ('unused_events'), which validate-events --coverage does not require.
  std::vector<Ref> UnusedEvents;
};

/// What one schema file declares, before files are merged.
struct SchemaFile {
  std::vector<ImportDecl> Imports;
  /// The file's declarations in file order; Cardinality.Loc is valid when
  /// the file sets budgets.
  Model Decls;
  /// Declarations that did not parse, as "metric:name" or
  /// "field:event.field": references to them are not reported again as
  /// undefined.
  std::vector<std::string> Broken;

  bool declaresNothing() const;
};

class FileParser {
public:
  FileParser(YamlReader &R, SchemaFile &Out) : R(R), Out(Out) {}

  /// Parses a document's root node.
  void parse(llvm::yaml::Node *Root);

private:
  using Node = llvm::yaml::Node;

  void parseImports(Node *N);
  void parseDependencies(Node *N);
  void parseCardinality(const Ref &Key, Node *N);
  void parseLabel(const Ref &Name, Node *N);
  void parseMetric(const Ref &Name, Node *N);
  void parseBuckets(const Ref &Key, Node *N, Metric &M,
                    const std::string &What);
  void parseEvent(const Ref &Name, Node *N);
  void parseUpdate(Node *N, Event &E);
  bool parseUpdateValue(Node *N, UpdateOp Op, MetricUpdate &U,
                        const std::string &What);
  void parseLabelBinding(const Ref &Label, Node *N, MetricUpdate &U,
                         const std::string &What);
  /// Fields of an event or attributes of a span: OwnerKind is "event" or
  /// "span", Kind "field" or "attribute".
  std::vector<Field> parseFields(Node *N, llvm::StringRef OwnerKind,
                                 llvm::StringRef OwnerName,
                                 llvm::StringRef Kind);
  std::optional<Field> parseField(const Ref &Name, Node *N,
                                  const std::string &What);
  void checkFieldValue(const Field &F, llvm::StringRef Key,
                       llvm::StringRef Value, const Location &Loc,
                       const std::string &What);
  /// Records Value as seen at Loc in the value list What; false (with a
  /// duplicate finding pointing at the first) when it was listed before.
  bool firstListing(llvm::StringMap<Location> &Seen, llvm::StringRef Value,
                    const Location &Loc, const std::string &What);
  void parseSpan(const Ref &Name, Node *N);
  void parseRule(Node *N);
  void parsePropagation(Node *N);
  void parseSlo(const Ref &Name, Node *N);
  void parseAlert(const Ref &Name, Node *N);
  /// A dependency's 'alerts': thresholds and durations of the resilience
  /// contract's alerts for it.
  void parseAlertTunings(Node *N, Dependency &D);
  /// A 'for' duration; nullopt (reported) when it is not one.
  std::optional<uint64_t> parseFor(Node *N, const std::string &What);

  YamlReader &R;
  SchemaFile &Out;
};

} // namespace schema
} // namespace telegen

#endif
