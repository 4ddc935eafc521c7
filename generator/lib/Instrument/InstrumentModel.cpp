//===- InstrumentModel.cpp - What telegen instruments in one TU -----------===//
#include "Instrument/InstrumentModel.h"

using namespace llvm;

namespace telegen {

StringRef valueKindName(ValueKind Kind) {
  switch (Kind) {
  case ValueKind::String:
    return "string";
  case ValueKind::Int:
    return "int";
  case ValueKind::Double:
    return "double";
  case ValueKind::Bool:
    return "bool";
  case ValueKind::Duration:
    return "duration";
  case ValueKind::Enum:
    return "enum";
  }
  return "string";
}

StringRef resultStatusName(ResultStatus Status) {
  switch (Status) {
  case ResultStatus::None:
    return "none";
  case ResultStatus::Bool:
    return "bool";
  case ResultStatus::Optional:
    return "optional";
  case ResultStatus::Expected:
    return "expected";
  case ResultStatus::ErrorCode:
    return "error_code";
  }
  return "none";
}

StringRef boundaryKindName(BoundaryKind Kind) {
  switch (Kind) {
  case BoundaryKind::Thread:
    return "thread";
  case BoundaryKind::Async:
    return "async";
  case BoundaryKind::Executor:
    return "executor";
  case BoundaryKind::Process:
    return "process";
  case BoundaryKind::Spawn:
    return "spawn";
  }
  return "thread";
}

StringRef carrierFormName(CarrierForm Form) {
  return Form == CarrierForm::Field ? "field" : "map";
}

json::Value toJSON(const InstrumentModel &Model) {
  json::Array Functions;
  for (const InstrumentedFunction &F : Model.Functions) {
    json::Array Attributes;
    for (const InstrumentedAttribute &A : F.Attributes) {
      json::Object Attribute{{"key", A.Key},
                             {"expression", A.Expression},
                             {"cpp_type", A.CppType},
                             {"kind", A.Dependent ? "dependent"
                                                  : valueKindName(A.Kind)}};
      Attributes.push_back(std::move(Attribute));
    }
    json::Object Function{
        {"file", F.File},
        {"function", F.QualifiedName},
        {"span", F.SpanName},
        {"kind", schema::name(F.Kind)},
        {"origin",
         F.Origin == InstrumentOrigin::Annotation ? "annotation" : "rule"},
        {"line", F.Line},
        {"column", F.Column},
        {"attributes", std::move(Attributes)},
        {"status", resultStatusName(F.Status)},
        {"records_exceptions", F.RecordExceptions},
        {"template", F.IsTemplate},
        {"coroutine", F.Coroutine},
        {"suspension_points", static_cast<int64_t>(F.Suspensions.size())},
    };
    if (F.Carrier)
      Function["carrier"] = json::Object{
          {"expression", F.Carrier->Expression},
          {"cpp_type", F.Carrier->CppType},
          {"form", F.Carrier->Dependent ? "dependent"
                                        : carrierFormName(F.Carrier->Form)}};
    Functions.push_back(std::move(Function));
  }
  json::Array Boundaries;
  for (const WrappedCall &C : Model.Calls)
    Boundaries.push_back(json::Object{{"kind", boundaryKindName(C.Kind)},
                                      {"callee", C.Callee},
                                      {"line", C.Line},
                                      {"column", C.Column}});
  json::Array Skipped;
  for (const SkippedFunction &S : Model.Skipped)
    Skipped.push_back(json::Object{{"file", S.File},
                                   {"function", S.QualifiedName},
                                   {"line", S.Line},
                                   {"reason", S.Reason}});
  json::Array Rules;
  for (const RuleUsage &R : Model.Rules) {
    json::Object Rule{{"instrumented", R.Instrumented},
                      {"too_small", R.TooSmall},
                      {"not_instrumentable", R.NotInstrumentable},
                      {"in_system_headers", R.InSystemHeaders}};
    if (R.InSystemHeaders > 0)
      Rule["system_header_example"] = json::Object{
          {"function", R.SystemHeaderFunction}, {"file", R.SystemHeaderFile}};
    Rules.push_back(std::move(Rule));
  }
  return json::Object{{"file", Model.MainFile},
                      {"functions", std::move(Functions)},
                      {"boundaries", std::move(Boundaries)},
                      {"skipped", std::move(Skipped)},
                      {"rules", std::move(Rules)}};
}

Error notAModel(StringRef ModelName, const Twine &Why) {
  return createStringError(inconvertibleErrorCode(),
                           "'" + ModelName +
                               "' is not a model 'telegen instrument --model' "
                               "wrote: " +
                               Why + "; instrument the source again");
}

Expected<json::Object> parseModel(StringRef ModelText, StringRef ModelName) {
  Expected<json::Value> Parsed = json::parse(ModelText);
  if (!Parsed)
    return notAModel(ModelName, toString(Parsed.takeError()));
  json::Object *Model = Parsed->getAsObject();
  if (!Model)
    return notAModel(ModelName, "it is not a JSON object");
  return std::move(*Model);
}

} // namespace telegen
