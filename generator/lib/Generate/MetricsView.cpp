//===- MetricsView.cpp - A schema's labels and metrics, for templates -----===//
#include "Generate/MetricsView.h"

#include "Check/CppNames.h"
#include "Generate/EventsView.h"
#include "Generate/ViewText.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <map>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace generate {
namespace {

/// The declarations of one C++ namespace: the module's own, or a built-in
/// schema's.
struct Group {
  std::vector<LabelView> Enums;
  std::vector<MetricView> Metrics;
};

class ModuleBuilder {
public:
  ModuleBuilder(const Model &M, ModuleView &View) : M(M), View(View) {}

  void build() {
    Layout << "telegen layout 1\nnamespace " << View.Namespace << "\n";
    for (const Label &L : M.Labels)
      if (L.Kind == LabelKind::Enumerated)
        addEnum(L);
    for (const Metric &Metric : M.Metrics)
      addMetric(Metric);
    for (auto &[Builtin, G] : Groups) {
      if (Builtin.empty()) {
        View.Enums = std::move(G.Enums);
        View.Metrics = std::move(G.Metrics);
        continue;
      }
      NamespaceView N;
      N.Name = cppnames::identifier(Builtin);
      N.HasEnums = !G.Enums.empty();
      N.Enums = std::move(G.Enums);
      N.HasMetrics = !G.Metrics.empty();
      N.Metrics = std::move(G.Metrics);
      View.Builtins.push_back(std::move(N));
    }
    View.HasEnumeratedLabels = !View.EnumeratedLabels.empty();
    View.HasDynamicTables = !View.DynamicTables.empty();
    View.HasMetrics = !View.MetricDescriptors.empty();
    View.Fingerprint =
        "0x" + utohexstr(xxh3_64bits(arrayRefFromStringRef(Layout.str())),
                         /*LowerCase=*/true, /*Width=*/16);
  }

private:
  void addEnum(const Label &L) {
    LabelView V;
    V.Identifier = cppnames::identifier(L.Name);
    V.Comment = commentLines(L.Help);
    for (const std::string &Value : L.Values)
      V.Enumerators.push_back({cppnames::identifier(Value), cppLiteral(Value)});
    V.HasValues = !L.Values.empty();
    V.ValuesArray = cppnames::valuesArray(V.Identifier);
    V.Descriptor = cppnames::labelDescriptor(V.Identifier);
    V.DescriptorInitializer = "{" + cppLiteral(L.Name) + ", " +
                              (V.HasValues ? V.ValuesArray : "{}") + "}";
    View.EnumeratedLabels.push_back(V);
    Groups[L.Builtin].Enums.push_back(std::move(V));
  }

  /// The parameter type of label L in a handle of the namespace of
  /// built-in schema Builtin: its enum class, qualified when it is in
  /// another namespace, or a string for a dynamic label.
  std::string parameterType(const Label &L, StringRef Builtin) const {
    if (L.Kind == LabelKind::Dynamic)
      return "std::string_view";
    std::string Id = cppnames::identifier(L.Name);
    if (L.Builtin == Builtin)
      return Id;
    std::string Qualified = "::" + View.Namespace + "::";
    if (!L.Builtin.empty())
      Qualified += cppnames::identifier(L.Builtin) + "::";
    return Qualified + Id;
  }

  void addMetric(const Metric &Metric) {
    MetricView V;
    V.NameLiteral = cppLiteral(Metric.Name);
    V.HelpLiteral = cppLiteral(Metric.Help);
    V.UnitLiteral = cppLiteral(Metric.Unit);
    V.Comment = commentLines(Metric.Help);
    V.Handle = cppnames::identifier(Metric.Name);
    V.HandleType = cppnames::handleType(V.Handle);
    V.Counter = Metric.Type == MetricType::Counter;
    V.Gauge = Metric.Type == MetricType::Gauge;
    V.Histogram = Metric.Type == MetricType::Histogram;
    V.HasLabels = !Metric.Labels.empty();
    V.LabelsArgument = V.HasLabels ? "labels" : "{}";

    if (V.Gauge)
      V.GaugeMode =
          ("::telegen::GaugeMode::" + name(Metric.MultiprocessMode)).str();
    V.Exemplars = Metric.Exemplars ? "true" : "false";
    addToLayout(Metric);

    uint64_t Series = 1;
    SmallVector<std::string, 4> Parameters, Types, Arguments;
    for (const Ref &R : Metric.Labels) {
      const Label &L = *M.findLabel(R.Name);
      std::string Id = cppnames::identifier(L.Name);
      Series *= L.seriesFactor();
      if (L.Kind == LabelKind::Enumerated) {
        V.Labels.push_back("telegen_detail::" + cppnames::labelDescriptor(Id));
      } else {
        std::string Table = cppnames::dynamicTable(V.Handle, Id);
        V.Labels.push_back("{" + cppLiteral(L.Name) +
                           ", telegen_detail::" + Table + "}");
        View.DynamicTables.push_back({Table, L.MaxValues, commentLines(L.Help),
                                      V.NameLiteral, cppLiteral(L.Name)});
      }
      std::string Type = parameterType(L, Metric.Builtin);
      Parameters.push_back(Type + " " + Id);
      Types.push_back(Type);
      Arguments.push_back(Id);
    }
    V.Parameters = join(Parameters, ", ");
    if (V.HasLabels) {
      V.ParametersAfterValue = ", " + V.Parameters;
      V.ParameterTypesAfterValue = ", " + join(Types, ", ");
      V.ArgumentsAfterValue = ", " + join(Arguments, ", ");
    }

    for (double Bound : Metric.Buckets)
      V.Buckets.push_back(cppnames::doubleLiteral(Bound));
    switch (Metric.Type) {
    case MetricType::Counter:
      V.FirstSlot = View.CountSlots;
      View.CountSlots += Series;
      break;
    case MetricType::Histogram:
      V.FirstSlot = View.CountSlots;
      View.CountSlots += Series * (Metric.Buckets.size() + 1);
      V.FirstSumSlot = View.SumSlots;
      View.SumSlots += Series;
      break;
    case MetricType::Gauge:
      V.FirstSlot = View.GaugeSlots;
      View.GaugeSlots += Series;
      break;
    }

    std::string Scope = Metric.Builtin.empty()
                            ? ""
                            : cppnames::identifier(Metric.Builtin) + "::";
    View.MetricDescriptors.push_back("&" + Scope + V.HandleType +
                                     "::descriptor");
    Groups[Metric.Builtin].Metrics.push_back(std::move(V));
  }

  /// What decides where a metric's series live, for the fingerprint.
  /// Strings are length-prefixed, so no two layouts write the same text.
  void addToLayout(const Metric &Metric) {
    auto Text = [&](StringRef S) { Layout << S.size() << ':' << S << ' '; };
    Layout << "metric " << name(Metric.Type) << ' ';
    Text(Metric.Name);
    if (Metric.Type == MetricType::Gauge)
      Layout << "mode " << name(Metric.MultiprocessMode) << ' ';
    for (const Ref &R : Metric.Labels) {
      const Label &L = *M.findLabel(R.Name);
      Layout << "label ";
      Text(L.Name);
      if (L.Kind == LabelKind::Dynamic)
        Layout << "max_values " << L.MaxValues << ' ';
      for (const std::string &Value : L.Values)
        Text(Value);
    }
    for (double Bound : Metric.Buckets)
      Layout << "bucket " << cppnames::doubleLiteral(Bound) << ' ';
    Layout << '\n';
  }

  const Model &M;
  ModuleView &View;
  /// By built-in schema name, "" (the module's own) first.
  std::map<std::string, Group> Groups;
  std::string LayoutText;
  raw_string_ostream Layout{LayoutText};
};

} // namespace

std::string fileStem(StringRef SchemaPath) {
  StringRef Name = sys::path::filename(SchemaPath);
  if (!Name.consume_back(".yaml"))
    Name.consume_back(".yml");
  return Name.str();
}

ModuleView buildModuleView(const Model &M, StringRef SchemaPath,
                           StringRef Namespace) {
  ModuleView View;
  View.SchemaFile = sys::path::filename(SchemaPath).str();
  View.FileStem = fileStem(SchemaPath);
  View.Namespace = Namespace.str();
  ModuleBuilder(M, View).build();
  addEventsView(M, View);
  return View;
}

} // namespace generate
} // namespace telegen
