//===- YamlReader.h - Schema values out of LLVM's YAML nodes ----*- C++ -*-===//
//
// Reads YAML nodes as the schema expects them (mappings with known keys,
// lists, strings, numbers, booleans) and reports every mismatch with its
// location: unknown keys with a did-you-mean, duplicate keys, wrong types.
// Scalars are typed as YAML 1.2's core schema types them, as editors
// validating against schemas/telegen.schema.json do: 'help: 42' is a
// number, not a string.
//
// LLVM's YAML nodes are parsed lazily and can be read once, in document
// order, so each function here hands values to a callback as it meets them.
//
// Not thread-safe.
//
// Usage:
//   YamlReader R(Files, Diags);
//   R.mapping(Node, "metric 'x'", {"type", "help"},
//             [&](const Ref &Key, yaml::Node *Value) { ... });
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_YAMLREADER_H
#define TELEGEN_SCHEMA_YAMLREADER_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"
#include "Support/MappedText.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/YAMLParser.h"

#include <optional>
#include <string>
#include <vector>

namespace telegen {
namespace schema {

class YamlReader {
public:
  YamlReader(SourceFiles &Files, DiagnosticList &Diags)
      : Files(Files), Diags(Diags) {}

  DiagnosticList &diags() { return Diags; }
  Location locate(const llvm::yaml::Node *N) const;

  using EntryFn =
      llvm::function_ref<void(const Ref &Key, llvm::yaml::Node *Value)>;

  /// Reads a mapping whose keys come from Allowed, calling Entry for each
  /// known key in order. An empty value reads as an empty mapping. Returns
  /// false when N is not a mapping.
  bool mapping(llvm::yaml::Node *N, const llvm::Twine &What,
               llvm::ArrayRef<llvm::StringRef> Allowed, EntryFn Entry);
  /// Reads a mapping from names to declarations ('metrics:'); Kind names
  /// one entry ("metric") in duplicate reports.
  bool namedMapping(llvm::yaml::Node *N, const llvm::Twine &What,
                    llvm::StringRef Kind, EntryFn Entry);
  /// Reads a list, calling Element for each entry. An empty value reads as
  /// an empty list.
  bool sequence(llvm::yaml::Node *N, const llvm::Twine &What,
                llvm::function_ref<void(llvm::yaml::Node *)> Element);

  /// A string: quoted, or plain and not a number, boolean or null.
  std::optional<std::string> string(llvm::yaml::Node *N,
                                    const llvm::Twine &What);
  /// A string, with where each of its bytes was written: for text with a
  /// syntax of its own, checked later (alert expressions).
  std::optional<MappedText> mappedString(llvm::yaml::Node *N,
                                         const llvm::Twine &What);
  /// Any scalar's text: label and enum values may be numbers ('404').
  std::optional<std::string> scalarText(llvm::yaml::Node *N,
                                        const llvm::Twine &What);
  std::optional<bool> boolean(llvm::yaml::Node *N, const llvm::Twine &What);
  /// A non-negative integer.
  std::optional<uint64_t> count(llvm::yaml::Node *N, const llvm::Twine &What);
  /// A number; .inf and .nan included, for the caller to judge.
  std::optional<double> number(llvm::yaml::Node *N, const llvm::Twine &What);
  /// One of Names (the index into it); anything else is reported under
  /// Check with a did-you-mean.
  std::optional<unsigned> oneOf(llvm::yaml::Node *N, const llvm::Twine &What,
                                llvm::ArrayRef<llvm::StringRef> Names,
                                const CheckInfo &Check);
  /// A list of strings with their locations; repeated entries are reported.
  /// AnyScalar also takes numbers and booleans as their text (label values).
  std::optional<std::vector<Ref>> stringList(llvm::yaml::Node *N,
                                             const llvm::Twine &What,
                                             bool AnyScalar = false);

  /// Reports a required key that is absent from the mapping declared at
  /// Where.
  void reportMissing(const Location &Where, const llvm::Twine &What,
                     llvm::StringRef Key);

private:
  enum class ScalarType { String, Null, Bool, Int, Float };
  static ScalarType typeOf(const llvm::yaml::ScalarNode &S);
  static llvm::StringRef describe(const llvm::yaml::Node *N);

  /// Reports aliases and tags, which schemas do not use; false for them and
  /// for nodes missing after a syntax error.
  bool supported(const llvm::yaml::Node *N);
  void reportWrongType(const llvm::yaml::Node *N, const llvm::Twine &What,
                       llvm::StringRef Expected);
  bool readEntries(llvm::yaml::Node *N, const llvm::Twine &What,
                   llvm::function_ref<bool(const Ref &Key)> Accept,
                   llvm::StringRef DuplicateKind, EntryFn Entry);
  /// A scalar's text, or nullopt (reported) when N is not a scalar.
  std::optional<std::string> scalar(llvm::yaml::Node *N,
                                    const llvm::Twine &What,
                                    llvm::StringRef Expected,
                                    const llvm::yaml::ScalarNode **Out);

  SourceFiles &Files;
  DiagnosticList &Diags;
};

/// Parses the YAML document in the buffer Files holds under BufferId and
/// hands its root to Read. LLVM's syntax errors are reported as yaml.syntax,
/// and then what Read reported is dropped: it may only echo the error. A
/// second document is reported with OneDocumentAdvice ("a schema file holds
/// one YAML document; ..."). Returns false when the text is not valid YAML.
bool readYamlDocument(
    SourceFiles &Files, unsigned BufferId, DiagnosticList &Diags,
    llvm::StringRef OneDocumentAdvice,
    llvm::function_ref<void(YamlReader &R, llvm::yaml::Node *Root)> Read);

} // namespace schema
} // namespace telegen

#endif
