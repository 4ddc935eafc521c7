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
    Skipped.push_back(json::Object{
        {"function", S.QualifiedName}, {"line", S.Line}, {"reason", S.Reason}});
  return json::Object{{"file", Model.MainFile},
                      {"functions", std::move(Functions)},
                      {"boundaries", std::move(Boundaries)},
                      {"skipped", std::move(Skipped)}};
}

} // namespace telegen
