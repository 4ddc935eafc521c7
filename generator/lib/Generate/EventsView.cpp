//===- EventsView.cpp - A schema's events, for templates ------------------===//
#include "Generate/EventsView.h"

#include "Check/CppNames.h"
#include "Generate/ViewText.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace generate {
namespace {

/// The built-in schema whose events have roles the runtime acts on.
constexpr StringLiteral ResilienceSchema = "resilience";
constexpr StringLiteral HttpSchema = "http";
constexpr StringLiteral TasksSchema = "tasks";
constexpr StringLiteral ErrorsSchema = "errors";

/// Breaker state changes: the state the event moves to, and the one a
/// breaker usually leaves for it (from_state before any report).
struct BreakerRole {
  StringLiteral Event;
  StringLiteral To;
  StringLiteral UsualFrom;
};
constexpr BreakerRole BreakerRoles[] = {
    {"circuit_breaker_opened", "open", "closed"},
    {"circuit_breaker_half_open", "half_open", "open"},
    {"circuit_breaker_closed", "closed", "half_open"},
};

/// Failed calls, counted per dependency for /health/detailed.
constexpr StringLiteral FailureEvents[] = {"retry_attempt", "retry_exhausted",
                                           "timeout_exceeded"};

StringRef levelEnumerator(EventLevel L) {
  switch (L) {
  case EventLevel::Debug:
    return "debug";
  case EventLevel::Info:
    return "info";
  case EventLevel::Warning:
    return "warning";
  case EventLevel::Error:
    return "error";
  case EventLevel::Critical:
    return "critical";
  }
  llvm_unreachable("unknown level");
}

class EventBuilder {
public:
  EventBuilder(const Model &M, ModuleView &View, const Event &E)
      : M(M), View(View), E(E) {
    if (E.Builtin == ResilienceSchema) {
      for (const BreakerRole &R : BreakerRoles)
        if (E.Name == R.Event)
          Breaker = &R;
      IsFailure = is_contained(FailureEvents, E.Name);
    }
    for (const MetricUpdate &U : E.Updates) {
      for (const LabelBinding &B : U.Labels)
        if (B.Field)
          LabelFields.insert(B.Field->Name);
      if (U.Field)
        ValueFields.insert(U.Field->Name);
    }
    if (Breaker || IsFailure)
      LabelFields.insert("dependency");
    if (Breaker)
      LabelFields.insert("from_state");
  }

  EventView build() {
    EventView V;
    V.Comment = commentLines(E.Help);
    std::string Id = cppnames::identifier(E.Name);
    V.ClassName = Id + "_event";
    V.Function = Id;
    V.Level = levelEnumerator(E.Level).str();
    V.LoggerLiteral =
        cppLiteral(E.Builtin.empty() ? StringRef(View.Namespace) : E.Builtin);
    V.EventLiteral = cppLiteral(E.Name);
    V.ValueCount = std::to_string(E.Fields.size());
    V.HasFields = !E.Fields.empty();
    const bool Guaranteed = E.Delivery == DeliveryPolicy::Guaranteed;
    V.SiteTail = V.HasFields ? ", telegen_fields_" : Guaranteed ? ", {}" : "";
    if (Guaranteed)
      V.SiteTail += ", ::telegen::Delivery::guaranteed";
    V.EmitValues = V.HasFields ? "telegen_values_" : "nullptr, 0";

    SmallVector<std::string, 4> RequiredTypes;
    std::string Construction = "{";
    for (size_t I = 0; I < E.Fields.size(); ++I) {
      const Field &F = E.Fields[I];
      std::string FieldId = cppnames::identifier(F.Name);
      V.FieldLiterals.push_back(cppLiteral(F.Name));
      V.InitialValues.push_back(initialValue(F));
      bool Typed = hasTypedMember(F);
      bool IsFromState = Breaker && F.Name == "from_state";
      if (F.Const)
        continue;
      std::string Type = parameterType(F);
      if (F.Required) {
        V.LeadingParameters += Type + " " + FieldId + ", ";
        Construction += FieldId + ", ";
        RequiredTypes.push_back(Type);
        if (Typed) {
          V.MemberInitializers += ", " + FieldId + "_(" + FieldId + ")";
          V.Members.push_back(memberType(F) + " " + FieldId + "_;");
        }
        V.RequiredStores.push_back(store(I, F, FieldId));
        continue;
      }
      SetterView S;
      S.Name = FieldId;
      S.ParameterType = Type;
      bool Used = !F.Redacted || Typed;
      S.Parameter = Used ? Type + " " + FieldId : Type;
      if (Typed) {
        S.Statements.push_back(FieldId + "_ = " + memberValue(F, FieldId) +
                               ";");
        V.Members.push_back(memberType(F) + " " + FieldId +
                            "_ = " + memberDefault(F) + ";");
      }
      if (IsFromState) {
        S.Statements.push_back("from_state_given_ = true;");
        V.Members.push_back("bool from_state_given_ = false;");
      } else {
        S.Statements.push_back(store(I, F, FieldId));
      }
      if (Type == "std::string_view" && Used) {
        // The record is written when the statement ends, after temporaries
        // made for later setters are gone: keep such a string here.
        S.String = true;
        S.Owned = FieldId + "_owned_";
        V.Members.push_back("std::string " + S.Owned + ";");
      }
      V.Setters.push_back(std::move(S));
    }
    V.RequiredParameterTypes = join(RequiredTypes, ", ");
    V.Construction = Construction + "telegen_where}";

    if (Breaker) {
      V.Breaker = true;
      V.BreakerTo = Breaker->To.str();
      V.BreakerFrom = Breaker->UsualFrom.str();
      const Field &FromState = *E.findField("from_state");
      V.FromStateType = parameterType(FromState);
      V.FromStateIndex = std::to_string(indexOf("from_state"));
    }
    if (IsFailure) {
      V.Failure = true;
      V.ErrorIndex = std::to_string(indexOf("error"));
    }
    for (const MetricUpdate &U : E.Updates)
      V.Updates.push_back(update(U));
    return V;
  }

private:
  /// "::ns::Name", or "::ns::builtin::Name" for a declaration of a
  /// built-in schema.
  std::string qualified(StringRef Builtin, StringRef Name) const {
    std::string Q = "::" + View.Namespace + "::";
    if (!Builtin.empty())
      Q += cppnames::identifier(Builtin) + "::";
    return Q + Name.str();
  }
  std::string detail(StringRef Name) const {
    return "::" + View.Namespace + "::telegen_detail::" + Name.str();
  }

  size_t indexOf(StringRef FieldName) const {
    for (size_t I = 0; I < E.Fields.size(); ++I)
      if (E.Fields[I].Name == FieldName)
        return I;
    llvm_unreachable("the contract's field is declared");
  }

  /// The enum class of an enum field: its label's, or its own.
  std::string enumType(const Field &F) const {
    if (F.EnumLabel)
      return qualified(M.findLabel(F.EnumLabel->Name)->Builtin,
                       cppnames::identifier(F.EnumLabel->Name));
    return qualified(E.Builtin, cppnames::identifier(E.Name + "_" + F.Name));
  }
  std::string valuesArray(const Field &F) const {
    if (F.EnumLabel)
      return detail(
          cppnames::valuesArray(cppnames::identifier(F.EnumLabel->Name)));
    return detail(
        cppnames::valuesArray(cppnames::identifier(E.Name + "_" + F.Name)));
  }

  std::string parameterType(const Field &F) const {
    switch (F.Type) {
    case FieldType::String:
      return "std::string_view";
    case FieldType::Int:
      return "std::int64_t";
    case FieldType::Double:
      return "double";
    case FieldType::Bool:
      return "bool";
    case FieldType::Duration:
      return "::telegen::Milliseconds";
    case FieldType::Enum:
      return enumType(F);
    }
    llvm_unreachable("unknown field type");
  }

  /// Enum fields keep their enumerator when a metric label or the
  /// dependency's state needs it; redacted measurements keep their number,
  /// since the record holds the placeholder.
  bool hasTypedMember(const Field &F) const {
    if (F.Type == FieldType::Enum)
      return LabelFields.contains(F.Name);
    return F.Redacted && ValueFields.contains(F.Name);
  }
  std::string memberType(const Field &F) const {
    if (F.Type == FieldType::Enum)
      return enumType(F);
    return F.Type == FieldType::Int ? "std::int64_t" : "double";
  }
  std::string memberValue(const Field &F, StringRef Source) const {
    return F.Type == FieldType::Duration ? (Source + ".count()").str()
                                         : Source.str();
  }
  std::string memberDefault(const Field &F) const {
    if (F.Type != FieldType::Enum)
      return F.Default ? numberLiteral(F, *F.Default) : "0";
    std::string Type = enumType(F);
    return F.Default ? Type + "::" + cppnames::identifier(*F.Default)
                     : Type + "{}";
  }

  /// A const or default value as the record's initial value.
  std::string initialValue(const Field &F) const {
    if (F.Redacted && F.Default)
      return cppLiteral("[REDACTED]");
    std::optional<std::string> Text = F.Const ? F.Const : F.Default;
    // A breaker's from_state is resolved when the record is written.
    if (!Text || (Breaker && F.Name == "from_state"))
      return "nullptr";
    if (F.Type == FieldType::String || F.Type == FieldType::Enum)
      return cppLiteral(*Text);
    return numberLiteral(F, *Text);
  }

  /// A default or const of a number, bool or duration field as C++, in the
  /// unit the record holds (milliseconds for durations).
  static std::string numberLiteral(const Field &F, StringRef Text) {
    double Value = 0;
    switch (F.Type) {
    case FieldType::Int:
      return "std::int64_t{" + Text.str() + "}";
    case FieldType::Bool:
      return Text.str();
    case FieldType::Double:
      Text.getAsDouble(Value);
      return floatingLiteral(Value);
    case FieldType::Duration:
      return floatingLiteral(durationMilliseconds(Text));
    case FieldType::String:
    case FieldType::Enum:
      break;
    }
    llvm_unreachable("not a number");
  }

  /// A literal of type double, so the record holds a double ("1500.0").
  static std::string floatingLiteral(double Value) {
    std::string Literal = cppnames::doubleLiteral(Value);
    if (StringRef(Literal).find_first_of(".en") == StringRef::npos)
      Literal += ".0";
    return Literal;
  }

  /// "250ms", "2s", ... (the schema's duration syntax) in milliseconds.
  static double durationMilliseconds(StringRef Text) {
    static constexpr std::pair<StringLiteral, double> Units[] = {
        {"ns", 1e-6}, {"us", 1e-3}, {"ms", 1},
        {"s", 1e3},   {"m", 6e4},   {"h", 3.6e6}};
    // Two-letter units first, so "ms" is not read as "s".
    for (const auto &[Suffix, Scale] : Units)
      if (Text.ends_with(Suffix)) {
        double Number = 0;
        Text.drop_back(Suffix.size()).getAsDouble(Number);
        return Number * Scale;
      }
    llvm_unreachable("the loader accepts only these units");
  }

  /// The statement that writes field I into the record from Source.
  std::string store(size_t I, const Field &F, StringRef Source) const {
    std::string Target = "telegen_values_[" + std::to_string(I) + "] = ";
    if (F.Redacted)
      return Target + cppLiteral("[REDACTED]") + ";";
    if (F.Type == FieldType::Enum)
      return Target + "::telegen::detail::enum_value(" + valuesArray(F) + ", " +
             Source.str() + ");";
    return Target + memberValue(F, Source) + ";";
  }

  /// A field's value as a metric update reads it.
  std::string numberOf(const Field &F, const Metric &Target) const {
    std::string Id = cppnames::identifier(F.Name);
    std::string Slot =
        "telegen_values_[" + std::to_string(indexOf(F.Name)) + "]";
    std::string Value = hasTypedMember(F)          ? Id + "_"
                        : F.Type == FieldType::Int ? Slot + ".as_int64()"
                                                   : Slot + ".as_double()";
    // Durations are milliseconds; a metric in seconds observes seconds.
    if (F.Type == FieldType::Duration && Target.Unit == "seconds")
      Value += " / 1000";
    if (Target.Type == MetricType::Counter)
      return "static_cast<std::uint64_t>(" + Value + ")";
    if (F.Type == FieldType::Int)
      return "static_cast<double>(" + Value + ")";
    return Value;
  }

  std::string labelArgument(const LabelBinding &B, const Label &L) {
    if (B.Value)
      return L.Kind == LabelKind::Enumerated
                 ? qualified(L.Builtin, cppnames::identifier(L.Name)) +
                       "::" + cppnames::identifier(*B.Value)
                 : cppLiteral(*B.Value);
    const Field &F = *E.findField(B.Field->Name);
    std::string Id = cppnames::identifier(F.Name);
    std::string Slot =
        "telegen_values_[" + std::to_string(indexOf(F.Name)) + "]";
    if (L.Kind == LabelKind::Dynamic) {
      if (F.Type == FieldType::Int)
        return "std::to_string(" + Slot + ".as_int64())";
      if (F.Type == FieldType::Bool)
        return "(" + Slot + ".as_bool() ? \"true\" : \"false\")";
      return Slot + ".as_string()";
    }
    if (F.EnumLabel && F.EnumLabel->Name == L.Name)
      return Id + "_";
    return "::telegen::detail::map_enum(" + enumMap(F, L) + ", " + Id + "_)";
  }

  /// The table from F's enumerators to label L's, added once.
  std::string enumMap(const Field &F, const Label &L) {
    std::string Name =
        cppnames::identifier(E.Name + "_" + F.Name + "_to_" + L.Name);
    if (none_of(View.EnumMaps,
                [&](const EnumMapView &Map) { return Map.Name == Name; })) {
      EnumMapView Map;
      Map.Name = Name;
      Map.TargetType = qualified(L.Builtin, cppnames::identifier(L.Name));
      for (const std::string &Value : F.Values)
        Map.Entries.push_back(Map.TargetType +
                              "::" + cppnames::identifier(Value));
      View.EnumMaps.push_back(std::move(Map));
    }
    return detail(Name);
  }

  EventUpdateView update(const MetricUpdate &U) {
    const Metric &Target = *M.findMetric(U.Metric.Name);
    SmallVector<std::string, 4> Labels;
    for (const LabelBinding &B : U.Labels)
      Labels.push_back(labelArgument(B, *M.findLabel(B.Label)));
    std::string Handle =
        qualified(Target.Builtin, cppnames::identifier(Target.Name));

    EventUpdateView V;
    std::string Value;
    if (U.Field) {
      const Field &F = *E.findField(U.Field->Name);
      Value = numberOf(F, Target);
      V.Guarded = !F.Required && !F.Default && !F.Const;
      V.GuardIndex = std::to_string(indexOf(F.Name));
    } else if (U.Op == UpdateOp::Inc && U.Constant == 1) {
      V.Call = Handle + ".inc(" + join(Labels, ", ") + ");";
      return V;
    } else {
      Value = cppnames::doubleLiteral(U.Constant);
    }
    StringRef Method = U.Op == UpdateOp::Inc   ? "add"
                       : U.Op == UpdateOp::Set ? "set"
                                               : "observe";
    Labels.insert(Labels.begin(), Value);
    V.Call = Handle + "." + Method.str() + "(" + join(Labels, ", ") + ");";
    return V;
  }

  const Model &M;
  ModuleView &View;
  const Event &E;
  const BreakerRole *Breaker = nullptr;
  bool IsFailure = false;
  StringSet<> LabelFields;
  StringSet<> ValueFields;
};

/// The enum classes and strings of enum fields with values of their own.
void addFieldEnums(const Event &E, ModuleView &View,
                   std::vector<LabelView> &Enums) {
  for (const Field &F : E.Fields) {
    if (F.Type != FieldType::Enum || F.EnumLabel)
      continue;
    LabelView V;
    V.Identifier = cppnames::identifier(E.Name + "_" + F.Name);
    V.Comment = commentLines(F.Help.empty() ? "The '" + F.Name + "' field of " +
                                                  E.Name + "."
                                            : F.Help);
    for (const std::string &Value : F.Values)
      V.Enumerators.push_back({cppnames::identifier(Value), cppLiteral(Value)});
    V.HasValues = true;
    V.ValuesArray = cppnames::valuesArray(V.Identifier);
    Enums.push_back(V);
    View.FieldEnums.push_back(std::move(V));
  }
}

NamespaceView &namespaceOf(ModuleView &View, StringRef Builtin) {
  std::string Name = cppnames::identifier(Builtin);
  for (NamespaceView &N : View.Builtins)
    if (N.Name == Name)
      return N;
  NamespaceView N;
  N.Name = Name;
  View.Builtins.push_back(std::move(N));
  return View.Builtins.back();
}

} // namespace

void addEventsView(const Model &M, ModuleView &View) {
  for (const Event &E : M.Events) {
    if (E.Builtin.empty()) {
      addFieldEnums(E, View, View.Enums);
      View.Events.push_back(EventBuilder(M, View, E).build());
      continue;
    }
    NamespaceView &N = namespaceOf(View, E.Builtin);
    addFieldEnums(E, View, N.Enums);
    N.Events.push_back(EventBuilder(M, View, E).build());
    N.ResilienceAdapters |= E.Builtin == ResilienceSchema;
    N.HttpAdapters |= E.Builtin == HttpSchema;
    N.TaskAdapters |= E.Builtin == TasksSchema;
    N.ErrorAdapters |= E.Builtin == ErrorsSchema;
  }
  View.HasEvents = !View.Events.empty();
  View.HasEmitters = !M.Events.empty();
  for (NamespaceView &N : View.Builtins) {
    N.HasEnums = !N.Enums.empty();
    N.HasEvents = !N.Events.empty();
  }
  for (const Dependency &D : M.Dependencies)
    View.Dependencies.push_back({"{" + cppLiteral(D.Name) + ", " +
                                 (D.Critical ? "true" : "false") + "}"});
  View.HasDependencies = !View.Dependencies.empty();
  View.DependencyCount = std::to_string(View.Dependencies.size());
  View.HasEventTables = !View.FieldEnums.empty() || !View.EnumMaps.empty() ||
                        View.HasDependencies;
}

} // namespace generate
} // namespace telegen
