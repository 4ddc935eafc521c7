//===- ParseFile.cpp - A schema file's top level, imports, budgets --------===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace telegen {
namespace schema {

bool SchemaFile::declaresNothing() const {
  const Model &M = Decls;
  return Imports.empty() && M.Labels.empty() && M.Metrics.empty() &&
         M.Events.empty() && M.Spans.empty() && M.Rules.empty() &&
         M.Propagation.empty() && M.Dependencies.empty() && M.Slos.empty() &&
         M.Alerts.empty() && !M.Cardinality.Loc.isValid() && Broken.empty();
}

void FileParser::parse(Node *Root) {
  static const StringRef TopKeys[] = {
      "imports", "dependencies", "cardinality", "labels", "metrics", "events",
      "spans",   "rules",        "propagation", "slos",   "alerts"};
  R.mapping(Root, "the schema", TopKeys, [&](const Ref &Key, Node *V) {
    if (Key.Name == "imports")
      parseImports(V);
    else if (Key.Name == "dependencies")
      parseDependencies(V);
    else if (Key.Name == "cardinality")
      parseCardinality(Key, V);
    else if (Key.Name == "labels")
      R.namedMapping(V, "'labels'", "label",
                     [&](const Ref &Name, Node *D) { parseLabel(Name, D); });
    else if (Key.Name == "metrics")
      R.namedMapping(V, "'metrics'", "metric",
                     [&](const Ref &Name, Node *D) { parseMetric(Name, D); });
    else if (Key.Name == "events")
      R.namedMapping(V, "'events'", "event",
                     [&](const Ref &Name, Node *D) { parseEvent(Name, D); });
    else if (Key.Name == "spans")
      R.namedMapping(V, "'spans'", "span",
                     [&](const Ref &Name, Node *D) { parseSpan(Name, D); });
    else if (Key.Name == "rules")
      R.sequence(V, "'rules'", [&](Node *E) { parseRule(E); });
    else if (Key.Name == "propagation")
      R.sequence(V, "'propagation'", [&](Node *E) { parsePropagation(E); });
    else if (Key.Name == "slos")
      R.namedMapping(V, "'slos'", "SLO",
                     [&](const Ref &Name, Node *D) { parseSlo(Name, D); });
    else if (Key.Name == "alerts")
      R.namedMapping(V, "'alerts'", "alert",
                     [&](const Ref &Name, Node *D) { parseAlert(Name, D); });
  });
}

void FileParser::parseImports(Node *N) {
  R.sequence(N, "'imports'", [&](Node *E) {
    const std::string What = "an import";
    std::optional<ImportDecl> Import;
    std::vector<Ref> Unused;
    bool Ok = R.mapping(
        E, What, {"builtin", "path", "unused_events"},
        [&](const Ref &Key, Node *V) {
          if (Key.Name == "unused_events") {
            if (auto Names = R.stringList(V, "'unused_events' of an import"))
              Unused = std::move(*Names);
            return;
          }
          std::optional<std::string> Target =
              R.string(V, "'" + Key.Name + "' of an import");
          if (!Target)
            return;
          if (Import) {
            R.diags().report(checks::ConflictingKeys, Key.Loc,
                             "an import names either a built-in schema "
                             "('builtin') or a file ('path'), not both");
            return;
          }
          Import = ImportDecl{Key.Name == "builtin", *Target, R.locate(V), {}};
        });
    if (!Ok)
      return;
    if (!Import) {
      R.diags().report(checks::MissingKey, R.locate(E),
                       "an import needs 'builtin: NAME' or 'path: FILE'");
      return;
    }
    Import->UnusedEvents = std::move(Unused);
    Out.Imports.push_back(std::move(*Import));
  });
}

void FileParser::parseDependencies(Node *N) {
  R.namedMapping(
      N, "'dependencies'", "dependency", [&](const Ref &Name, Node *V) {
        Dependency D{Name.Name, false, {}, Name.Loc};
        std::string What = "dependency '" + Name.Name + "'";
        R.mapping(
            V, What, {"critical", "alerts"}, [&](const Ref &Key, Node *Value) {
              if (Key.Name == "critical")
                D.Critical =
                    R.boolean(Value, "'critical' of " + What).value_or(false);
              else
                parseAlertTunings(Value, D);
            });
        Out.Decls.Dependencies.push_back(std::move(D));
      });
}

void FileParser::parseCardinality(const Ref &Key, Node *N) {
  CardinalityBudget &Budget = Out.Decls.Cardinality;
  Budget.Loc = Key.Loc;
  R.mapping(N, "'cardinality'", {"per_metric", "total"},
            [&](const Ref &Key, Node *V) {
              std::optional<uint64_t> Value =
                  R.count(V, "'" + Key.Name + "' of 'cardinality'");
              if (!Value)
                return;
              if (*Value == 0) {
                R.diags().report(checks::InvalidValue, R.locate(V),
                                 "a cardinality budget is at least 1");
                return;
              }
              (Key.Name == "per_metric" ? Budget.PerMetric : Budget.Total) =
                  *Value;
            });
}

} // namespace schema
} // namespace telegen
