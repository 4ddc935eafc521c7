//===- CppIdentifiers.cpp - Names generated C++ can declare ---------------===//
//
// Generated headers turn label values into enumerators, label and metric
// names into enum classes, handles, arguments and tables, and events and
// their fields into emitters, setters and enum classes (Check/CppNames.h). Two
// of them that become the same identifier in one C++ scope, or an identifier
// generated code already uses there, would not compile; they are reported here,
// at the schema, where they can be renamed.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Check/CppNames.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

/// The identifiers one C++ scope of a generated header declares, and what
/// declares each, reporting a second declaration of an identifier.
class Scope {
public:
  explicit Scope(const CheckContext &C) : C(C) {}

  void reserve(ArrayRef<cppnames::ReservedName> Names) {
    for (const cppnames::ReservedName &R : Names)
      reserve(R.Name, R.Use);
  }
  void reserve(StringRef Name, StringRef Use) {
    Declared.try_emplace(Name, Entry{Use.str(), Location()});
  }

  /// Declares Id for What (declared at Loc); false when Id is taken.
  bool declare(const std::string &Id, const std::string &What,
               const Location &Loc) {
    if (Id.empty()) {
      C.Diags.report(checks::CppIdentifier, Loc,
                     formatv("{0} has no letter or digit to make a C++ "
                             "identifier of; rename it",
                             What));
      return false;
    }
    auto [It, Inserted] = Declared.try_emplace(Id, Entry{What, Loc});
    if (Inserted)
      return true;
    const Entry &First = It->second;
    if (!First.Loc.isValid()) {
      C.Diags.report(checks::CppIdentifier, Loc,
                     formatv("{0} is '{1}' in the generated C++, which is "
                             "{2}; rename it",
                             What, Id, First.What));
      return false;
    }
    C.Diags
        .report(checks::CppIdentifier, Loc,
                formatv("{0} and {1} are both '{2}' in the generated C++; "
                        "rename one",
                        What, First.What, Id))
        .note(First.Loc, formatv("'{0}' also comes from here", Id));
    return false;
  }

private:
  struct Entry {
    /// What declares the identifier, or the use of a reserved one.
    std::string What;
    /// Invalid for reserved identifiers.
    Location Loc;
  };
  const CheckContext &C;
  StringMap<Entry> Declared;
};

/// Each enumerated label's values become its enum class's enumerators.
void checkEnumerators(const CheckContext &C, const Label &L) {
  StringMap<size_t> FirstWith;
  for (size_t I = 0; I < L.Values.size(); ++I) {
    const std::string &Value = L.Values[I];
    const Location &Loc = L.ValueLocs[I];
    std::string Id = cppnames::identifier(Value);
    if (Id.empty()) {
      C.Diags.report(checks::CppIdentifier, Loc,
                     formatv("label value '{0}' has no letter or digit to "
                             "make a C++ enumerator of; rename it",
                             Value));
      continue;
    }
    auto [It, Inserted] = FirstWith.try_emplace(Id, I);
    if (Inserted)
      continue;
    C.Diags
        .report(checks::CppIdentifier, Loc,
                formatv("label values '{0}' and '{1}' of label '{2}' are "
                        "both the enumerator '{3}' in the generated C++; "
                        "rename one",
                        L.Values[It->second], Value, L.Name, Id))
        .note(L.ValueLocs[It->second],
              formatv("'{0}' also comes from here", Id));
  }
}

/// The namespace a declaration goes to: the module's own ("") or its
/// built-in schema's.
std::map<std::string, Scope> namespaceScopes(const CheckContext &C) {
  std::map<std::string, Scope> Scopes;
  StringSet<> Builtins;
  for (const Label &L : C.M.Labels)
    Builtins.insert(L.Builtin);
  for (const Metric &M : C.M.Metrics)
    Builtins.insert(M.Builtin);
  for (const Event &E : C.M.Events)
    Builtins.insert(E.Builtin);
  for (const auto &B : Builtins) {
    Scope &S = Scopes.try_emplace(B.getKey().str(), C).first->second;
    S.reserve(cppnames::namespaceReserved());
  }
  Scope &Root = Scopes.try_emplace("", C).first->second;
  Root.reserve(cppnames::namespaceReserved());
  for (const auto &B : Builtins)
    if (!B.getKey().empty())
      Root.reserve(B.getKey(), "the namespace of built-in schema '" +
                                   B.getKey().str() + "'");
  return Scopes;
}

} // namespace

void checkCppIdentifiers(const CheckContext &C) {
  std::map<std::string, Scope> Namespaces = namespaceScopes(C);
  Scope Detail(C);
  Detail.reserve(cppnames::detailReserved());
  Detail.reserve("std", "the C++ standard library's namespace");

  StringMap<std::string> LabelIds;
  for (const Label &L : C.M.Labels) {
    std::string Id = cppnames::identifier(L.Name);
    LabelIds[L.Name] = Id;
    Scope Argument(C);
    Argument.reserve(cppnames::handleReserved());
    Argument.declare(Id, "label '" + L.Name + "'", L.Loc);
    if (L.Kind != LabelKind::Enumerated || Id.empty())
      continue;
    checkEnumerators(C, L);
    Namespaces.at(L.Builtin).declare(
        Id, "label '" + L.Name + "' (an enum class)", L.Loc);
    Detail.declare(cppnames::valuesArray(Id),
                   "label '" + L.Name + "' (its values)", L.Loc);
    Detail.declare(cppnames::labelDescriptor(Id),
                   "label '" + L.Name + "' (its descriptor)", L.Loc);
  }

  for (const Metric &M : C.M.Metrics) {
    std::string Id = cppnames::identifier(M.Name);
    Scope &Namespace = Namespaces.at(M.Builtin);
    if (!Namespace.declare(Id, "metric '" + M.Name + "' (a handle)", M.Loc) &&
        Id.empty())
      continue;
    Namespace.declare(cppnames::handleType(Id),
                      "metric '" + M.Name + "' (a handle type)", M.Loc);
    Scope Arguments(C);
    for (const Ref &R : M.Labels) {
      const Label *L = C.M.findLabel(R.Name);
      if (!L || LabelIds[R.Name].empty())
        continue;
      Arguments.declare(LabelIds[R.Name],
                        "label '" + R.Name + "' of metric '" + M.Name + "'",
                        R.Loc);
      if (L->Kind == LabelKind::Dynamic)
        Detail.declare(cppnames::dynamicTable(Id, LabelIds[R.Name]),
                       "label '" + R.Name + "' of metric '" + M.Name +
                           "' (its table of values)",
                       R.Loc);
    }
  }

  // Each event is an emitter function and class (docs/resilience.md); its
  // fields are their parameters and setters, and an enum field with values
  // of its own is an enum class with its strings.
  for (const Event &E : C.M.Events) {
    std::string Id = cppnames::identifier(E.Name);
    Scope &Namespace = Namespaces.at(E.Builtin);
    if (!Namespace.declare(Id, "event '" + E.Name + "' (an emitter function)",
                           E.Loc) &&
        Id.empty())
      continue;
    Namespace.declare(Id + "_event",
                      "event '" + E.Name + "' (an emitter class)", E.Loc);
    Scope Fields(C);
    for (const Field &F : E.Fields) {
      std::string What = "field '" + F.Name + "' of event '" + E.Name + "'";
      if (!Fields.declare(cppnames::identifier(F.Name), What, F.Loc) ||
          F.Type != FieldType::Enum || F.EnumLabel)
        continue;
      std::string EnumId = cppnames::identifier(E.Name + "_" + F.Name);
      Namespace.declare(EnumId, What + " (an enum class)", F.Loc);
      Detail.declare(cppnames::valuesArray(EnumId), What + " (its values)",
                     F.Loc);
    }
  }
}

} // namespace telegen
