//===- RecordText.cpp - A span or a metric point as one quoted line -------===//
#include "LiveCheck/RecordText.h"
#include "LiveCheck/LogLine.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {
namespace livecheck {
namespace {

std::string quoted(StringRef Text) {
  std::string Out;
  raw_string_ostream(Out) << json::Value(Text.str());
  return Out;
}

RecordText build(StringRef NameKey, StringRef Name, StringRef Kind,
                 StringRef AttributesKey, ArrayRef<Attribute> Attributes) {
  RecordText R;
  R.Text = "{" + quoted(NameKey) + ":";
  R.Name.first = R.Text.size();
  R.Text += quoted(Name);
  R.Name.second = R.Text.size();
  if (!Kind.empty())
    R.Text += ",\"kind\":" + quoted(Kind);
  R.Text += "," + quoted(AttributesKey) + ":{";
  for (size_t I = 0; I < Attributes.size(); ++I) {
    if (I)
      R.Text += ',';
    size_t Begin = R.Text.size();
    R.Text += quoted(Attributes[I].Key) + ":" + jsonValue(Attributes[I].Val);
    R.Attributes.push_back({Begin, R.Text.size()});
  }
  R.Text += "}}";
  return R;
}

} // namespace

RecordText spanText(const SpanRecord &Span) {
  return build("span", Span.Name, "", "attributes", Span.Attributes);
}

RecordText pointText(const MetricRecord &Metric, ArrayRef<Attribute> Labels) {
  return build("metric", Metric.Name, name(Metric.Kind), "labels", Labels);
}

} // namespace livecheck
} // namespace telegen
