//===- ModelJson.cpp - A model as JSON ------------------------------------===//
#include "Schema/ModelJson.h"

#include "Support/Duration.h"
#include "Support/Numbers.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

class ModelWriter {
public:
  explicit ModelWriter(raw_ostream &OS) : J(OS, /*IndentSize=*/2) {}

  void write(const Model &M) {
    J.object([&] {
      list("labels", M.Labels, [&](const Label &L) { label(L); });
      list("metrics", M.Metrics, [&](const Metric &X) { metric(X); });
      list("events", M.Events, [&](const Event &E) { event(E); });
      list("spans", M.Spans, [&](const Span &S) { span(S); });
      list("rules", M.Rules, [&](const Rule &R) { rule(R); });
      list("propagation", M.Propagation, [&](const PropagationBoundary &P) {
        J.attribute("function", P.Function);
        J.attribute("callable_arg", P.CallableArg);
      });
      list("dependencies", M.Dependencies, [&](const Dependency &D) {
        J.attribute("name", D.Name);
        J.attribute("critical", D.Critical);
        list("alerts", D.Alerts, [&](const AlertTuning &T) { tuning(T); });
      });
      list("slos", M.Slos, [&](const Slo &S) { slo(S); });
      list("alerts", M.Alerts, [&](const Alert &A) { alert(A); });
      J.attributeObject("cardinality", [&] {
        J.attribute("per_metric",
                    static_cast<int64_t>(M.Cardinality.PerMetric));
        J.attribute("total", static_cast<int64_t>(M.Cardinality.Total));
      });
    });
  }

private:
  template <typename T, typename Fn>
  void list(StringRef Key, const std::vector<T> &Items, Fn Body) {
    J.attributeArray(Key, [&] {
      for (const T &Item : Items)
        J.object([&] { Body(Item); });
    });
  }

  void number(StringRef Key, double Value) {
    J.attributeBegin(Key);
    J.rawValue(formatNumber(Value));
    J.attributeEnd();
  }

  void strings(StringRef Key, const std::vector<std::string> &Values) {
    J.attributeArray(Key, [&] {
      for (const std::string &V : Values)
        J.value(V);
    });
  }

  void refs(StringRef Key, const std::vector<Ref> &Refs) {
    J.attributeArray(Key, [&] {
      for (const Ref &R : Refs)
        J.value(R.Name);
    });
  }

  void builtin(const std::string &Name) {
    if (!Name.empty())
      J.attribute("builtin", Name);
  }

  void label(const Label &L) {
    J.attribute("name", L.Name);
    J.attribute("help", L.Help);
    if (L.Kind == LabelKind::Dynamic) {
      J.attribute("kind", "dynamic");
      J.attribute("max_values", static_cast<int64_t>(L.MaxValues));
    } else {
      J.attribute("kind", "enumerated");
      strings("values", L.Values);
      if (L.ValuesFromDependencies)
        J.attribute("values_from", "dependencies");
    }
    builtin(L.Builtin);
  }

  void metric(const Metric &M) {
    J.attribute("name", M.Name);
    J.attribute("type", name(M.Type));
    J.attribute("help", M.Help);
    J.attribute("unit", M.Unit);
    refs("labels", M.Labels);
    if (M.Type == MetricType::Histogram)
      J.attributeArray("buckets", [&] {
        for (double B : M.Buckets)
          J.rawValue(formatNumber(B));
      });
    if (M.Cardinality)
      J.attribute("cardinality", static_cast<int64_t>(*M.Cardinality));
    if (M.Type == MetricType::Gauge)
      J.attribute("multiprocess_mode", name(M.MultiprocessMode));
    else
      J.attribute("exemplars", M.Exemplars);
    builtin(M.Builtin);
  }

  void field(const Field &F) {
    J.attribute("name", F.Name);
    J.attribute("type", name(F.Type));
    J.attribute("help", F.Help);
    if (F.Type == FieldType::Enum)
      strings("values", F.Values);
    if (F.EnumLabel)
      J.attribute("label", F.EnumLabel->Name);
    J.attribute("required", F.Required);
    J.attribute("redacted", F.Redacted);
    if (F.Default)
      J.attribute("default", *F.Default);
    if (F.Const)
      J.attribute("const", *F.Const);
  }

  void update(const MetricUpdate &U) {
    J.attribute("metric", U.Metric.Name);
    J.attribute("op", name(U.Op));
    if (U.Field)
      J.attribute("field", U.Field->Name);
    else if (U.Op != UpdateOp::Observe)
      number("value", U.Constant);
    J.attributeArray("labels", [&] {
      for (const LabelBinding &B : U.Labels)
        J.object([&] {
          J.attribute("label", B.Label);
          if (B.Field)
            J.attribute("field", B.Field->Name);
          else if (B.Value)
            J.attribute("value", *B.Value);
        });
    });
  }

  void event(const Event &E) {
    J.attribute("name", E.Name);
    J.attribute("level", name(E.Level));
    J.attribute("delivery", name(E.Delivery));
    J.attribute("help", E.Help);
    list("fields", E.Fields, [&](const Field &F) { field(F); });
    list("updates", E.Updates, [&](const MetricUpdate &U) { update(U); });
    builtin(E.Builtin);
  }

  void span(const Span &S) {
    J.attribute("name", S.Name);
    J.attribute("kind", name(S.Kind));
    J.attribute("help", S.Help);
    list("attributes", S.Attributes, [&](const Field &F) { field(F); });
    refs("events", S.Events);
    builtin(S.Builtin);
  }

  void rule(const Rule &R) {
    refs("include", R.Include);
    refs("exclude", R.Exclude);
    if (R.Span)
      J.attribute("span", R.Span->Name);
    J.attribute("kind", name(R.Kind));
    J.attribute("min_size", R.MinSize);
  }

  void slo(const Slo &S) {
    J.attribute("name", S.Name);
    J.attribute("help", S.Help);
    number("objective", S.Objective);
    J.attribute("window", S.Window);
    J.attribute("metric", S.Metric.Name);
    if (S.Kind == SloKind::ErrorRatio) {
      J.attribute("kind", "error_ratio");
      list("errors", S.Errors, [&](const LabelSelector &Sel) {
        J.attribute("label", Sel.Label.Name);
        refs("values", Sel.Values);
      });
    } else {
      J.attribute("kind", "latency");
      number("threshold", S.Threshold);
    }
  }

  void tuning(const AlertTuning &T) {
    J.attribute("alert", name(T.Alert));
    if (T.Threshold)
      number("threshold", *T.Threshold);
    if (T.For)
      J.attribute("for", formatDuration(*T.For));
  }

  void alert(const Alert &A) {
    J.attribute("name", A.Name);
    J.attribute("expr", A.Expr.Text);
    J.attribute("for", formatDuration(A.For));
    J.attribute("severity", name(A.Severity));
    J.attribute("summary", A.Summary);
    J.attribute("description", A.Description);
    J.attribute("runbook", A.Runbook);
  }

  json::OStream J;
};

} // namespace

void writeModelJson(const Model &M, raw_ostream &OS) {
  ModelWriter(OS).write(M);
  OS << '\n';
}

} // namespace schema
} // namespace telegen
