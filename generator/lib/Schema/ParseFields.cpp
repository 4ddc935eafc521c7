//===- ParseFields.cpp - Typed fields of events and attributes of spans ---===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Regex.h"

using namespace llvm;

namespace telegen {
namespace schema {

std::vector<Field> FileParser::parseFields(Node *N, StringRef OwnerKind,
                                           StringRef OwnerName,
                                           StringRef Kind) {
  const std::string Owner = formatv("{0} '{1}'", OwnerKind, OwnerName);
  std::vector<Field> Fields;
  R.namedMapping(
      N, formatv("the {0}s of {1}", Kind, Owner).str(), Kind,
      [&](const Ref &Name, Node *V) {
        std::string What = formatv("{0} '{1}' of {2}", Kind, Name.Name, Owner);
        if (std::optional<Field> F = parseField(Name, V, What))
          Fields.push_back(std::move(*F));
        else
          Out.Broken.push_back(
              formatv("{0}:{1}.{2}", Kind, OwnerName, Name.Name).str());
      });
  return Fields;
}

std::optional<Field> FileParser::parseField(const Ref &Name, Node *N,
                                            const std::string &What) {
  Field F;
  F.Name = Name.Name;
  F.Loc = Name.Loc;
  // "attempt: int" is short for "attempt: {type: int}".
  if (isa_and_nonnull<yaml::ScalarNode>(N)) {
    std::optional<unsigned> Type = R.oneOf(
        N, "the type of " + What, fieldTypeNames(), checks::InvalidValue);
    if (!Type)
      return std::nullopt;
    F.Type = FieldType(*Type);
    if (F.Type == FieldType::Enum) {
      R.diags().report(checks::MissingKey, Name.Loc,
                       What + " is an enum: write it as a mapping with "
                              "'values' or 'label'");
      return std::nullopt;
    }
    return F;
  }

  bool HasType = false, TypeWritten = false, Valid = true;
  std::optional<Ref> ValuesKey, LabelKey, RequiredKey, DefaultKey, ConstKey;
  Location DefaultLoc, ConstLoc;
  bool IsMapping = R.mapping(
      N, What,
      {"type", "help", "values", "label", "required", "redacted", "default",
       "const"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "type") {
          TypeWritten = true;
          std::optional<unsigned> Type = R.oneOf(
              V, "'type' of " + What, fieldTypeNames(), checks::InvalidValue);
          HasType = Type.has_value();
          F.Type = FieldType(Type.value_or(0));
        } else if (Key.Name == "help") {
          F.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "values") {
          ValuesKey = Key;
          StringMap<Location> Seen;
          Valid &= R.sequence(V, "'values' of " + What, [&](Node *E) {
            std::optional<std::string> Value =
                R.scalarText(E, "a value of " + What);
            if (!Value)
              return;
            Location Loc = R.locate(E);
            if (!firstListing(Seen, *Value, Loc, What))
              return;
            F.Values.push_back(std::move(*Value));
          });
          if (Valid && F.Values.empty()) {
            R.diags().report(checks::InvalidValue, Key.Loc,
                             What + " lists no values");
            Valid = false;
          }
        } else if (Key.Name == "label") {
          LabelKey = Key;
          if (std::optional<std::string> Label =
                  R.string(V, "'label' of " + What))
            F.EnumLabel = Ref{*Label, R.locate(V)};
          else
            Valid = false;
        } else if (Key.Name == "required") {
          RequiredKey = Key;
          F.Required = R.boolean(V, "'required' of " + What).value_or(false);
        } else if (Key.Name == "redacted") {
          F.Redacted = R.boolean(V, "'redacted' of " + What).value_or(false);
        } else if (Key.Name == "default") {
          DefaultKey = Key;
          DefaultLoc = R.locate(V);
          F.Default = R.scalarText(V, "'default' of " + What);
        } else if (Key.Name == "const") {
          ConstKey = Key;
          ConstLoc = R.locate(V);
          F.Const = R.scalarText(V, "'const' of " + What);
        }
      });
  if (!IsMapping)
    return std::nullopt;
  if (!HasType) {
    if (!TypeWritten)
      R.reportMissing(Name.Loc, What, "type");
    return std::nullopt;
  }

  auto Conflict = [&](const Ref &Key, const Twine &Message) {
    R.diags().report(checks::ConflictingKeys, Key.Loc, Message);
    Valid = false;
  };
  if (F.Type == FieldType::Enum) {
    if (ValuesKey && LabelKey)
      Conflict(*LabelKey, What + " takes its values from 'values' or from a "
                                 "'label', not both");
    else if (!ValuesKey && !LabelKey) {
      R.diags().report(checks::MissingKey, Name.Loc,
                       What + " is an enum: list its 'values' or name the "
                              "'label' whose values it takes");
      Valid = false;
    }
  } else {
    for (const std::optional<Ref> &Key : {ValuesKey, LabelKey})
      if (Key)
        Conflict(*Key, formatv("'{0}' applies to enum fields only; {1} is {2}",
                               Key->Name, What, name(F.Type)));
  }
  if (ConstKey && (RequiredKey || DefaultKey))
    Conflict(*ConstKey, What + " has a 'const' value: callers do not pass "
                               "it, so it is neither 'required' nor "
                               "'default'ed");
  else if (DefaultKey && F.Required)
    Conflict(*DefaultKey,
             What + " is required, so its 'default' would never apply");
  if (!Valid)
    return std::nullopt;

  if (F.Default)
    checkFieldValue(F, "default", *F.Default, DefaultLoc, What);
  if (F.Const)
    checkFieldValue(F, "const", *F.Const, ConstLoc, What);
  return F;
}

void FileParser::checkFieldValue(const Field &F, StringRef Key, StringRef Value,
                                 const Location &Loc, const std::string &What) {
  static const Regex Duration("^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)$");
  bool Ok = true;
  StringRef Expected;
  switch (F.Type) {
  case FieldType::String:
    break;
  case FieldType::Int: {
    int64_t I;
    Ok = !Value.getAsInteger(10, I);
    Expected = "an integer";
    break;
  }
  case FieldType::Double: {
    double D;
    Ok = !Value.getAsDouble(D);
    Expected = "a number";
    break;
  }
  case FieldType::Bool:
    Ok = Value == "true" || Value == "false";
    Expected = "true or false";
    break;
  case FieldType::Duration:
    Ok = Duration.match(Value);
    Expected = "a duration such as '250ms' or '2s'";
    break;
  case FieldType::Enum:
    // A label's values are known once files are merged (Check/Fields.cpp).
    if (!F.EnumLabel) {
      Ok = is_contained(F.Values, Value);
      Expected = "one of the field's values";
    }
    break;
  }
  if (!Ok)
    R.diags().report(checks::InvalidValue, Loc,
                     formatv("'{0}' of {1} is '{2}'; expected {3}", Key, What,
                             Value, Expected));
}

} // namespace schema
} // namespace telegen
