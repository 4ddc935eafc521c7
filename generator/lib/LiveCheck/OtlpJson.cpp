//===- OtlpJson.cpp - OTLP/HTTP JSON export requests ----------------------===//
#include "LiveCheck/OtlpJson.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace telegen {
namespace livecheck {
namespace {

/// Walks one request, remembering the first member of the wrong type.
class Reader {
public:
  Expected<Batch> read(Signal S, const json::Value &Root);

private:
  /// The member named Camel (or Snake, its proto name); null when absent.
  const json::Value *member(const json::Object &O, StringRef Camel,
                            StringRef Snake) const;
  const json::Object *object(const json::Object &O, StringRef Camel,
                             StringRef Snake, const Twine &Path);
  const json::Array *array(const json::Object &O, StringRef Camel,
                           StringRef Snake, const Twine &Path);
  std::string string(const json::Object &O, StringRef Camel, StringRef Snake,
                     const Twine &Path);
  /// Each object of an array member, with its path.
  template <typename Fn>
  void each(const json::Object &O, StringRef Camel, StringRef Snake,
            const std::string &Path, Fn Visit);
  bool fail(const Twine &Path, StringRef Expected);

  Value value(const json::Object *V, const std::string &Path);
  std::vector<Attribute> attributes(const json::Object &O,
                                    const std::string &Path);
  void spans(const json::Object &Root);
  void logs(const json::Object &Root);
  void metrics(const json::Object &Root);
  void metric(const json::Object &M, const std::string &Path);

  Batch Out;
  std::string Error;
};

bool Reader::fail(const Twine &Path, StringRef Expected) {
  if (Error.empty())
    Error = (Path + " is not " + Expected).str();
  return false;
}

const json::Value *Reader::member(const json::Object &O, StringRef Camel,
                                  StringRef Snake) const {
  if (const json::Value *V = O.get(Camel))
    return V;
  return Snake.empty() ? nullptr : O.get(Snake);
}

const json::Object *Reader::object(const json::Object &O, StringRef Camel,
                                   StringRef Snake, const Twine &Path) {
  const json::Value *V = member(O, Camel, Snake);
  if (!V || V->kind() == json::Value::Null)
    return nullptr;
  if (const json::Object *Obj = V->getAsObject())
    return Obj;
  fail(Path + "." + Camel, "an object");
  return nullptr;
}

const json::Array *Reader::array(const json::Object &O, StringRef Camel,
                                 StringRef Snake, const Twine &Path) {
  const json::Value *V = member(O, Camel, Snake);
  if (!V || V->kind() == json::Value::Null)
    return nullptr;
  if (const json::Array *A = V->getAsArray())
    return A;
  fail(Path + "." + Camel, "an array");
  return nullptr;
}

std::string Reader::string(const json::Object &O, StringRef Camel,
                           StringRef Snake, const Twine &Path) {
  const json::Value *V = member(O, Camel, Snake);
  if (!V || V->kind() == json::Value::Null)
    return "";
  if (std::optional<StringRef> S = V->getAsString())
    return S->str();
  fail(Path + "." + Camel, "a string");
  return "";
}

template <typename Fn>
void Reader::each(const json::Object &O, StringRef Camel, StringRef Snake,
                  const std::string &Path, Fn Visit) {
  const json::Array *A = array(O, Camel, Snake, Path);
  if (!A)
    return;
  for (size_t I = 0; I < A->size(); ++I) {
    std::string At = Path + "." + Camel.str() + "[" + std::to_string(I) + "]";
    if (const json::Object *Item = (*A)[I].getAsObject())
      Visit(*Item, At);
    else
      fail(At, "an object");
  }
}

/// An int64 as the JSON mapping writes it: a decimal string or a number.
std::optional<std::string> intText(const json::Value &V) {
  if (std::optional<int64_t> I = V.getAsInteger())
    return std::to_string(*I);
  if (std::optional<StringRef> S = V.getAsString()) {
    int64_t I;
    if (!S->getAsInteger(10, I))
      return std::to_string(I);
  }
  return std::nullopt;
}

std::optional<std::string> numberText(const json::Value &V) {
  if (std::optional<StringRef> S = V.getAsString())
    if (*S == "NaN" || *S == "Infinity" || *S == "-Infinity")
      return S->str();
  if (std::optional<double> D = V.getAsNumber())
    return doubleText(*D);
  return std::nullopt;
}

std::optional<std::string> stringText(const json::Value &V) {
  if (std::optional<StringRef> S = V.getAsString())
    return S->str();
  return std::nullopt;
}

std::optional<std::string> boolText(const json::Value &V) {
  if (std::optional<bool> B = V.getAsBoolean())
    return std::string(*B ? "true" : "false");
  return std::nullopt;
}

/// Bytes, arrays and maps: no schema type takes them, only their kind
/// matters.
std::optional<std::string> noText(const json::Value &) { return ""; }

/// The members of an AnyValue: a JSON name, the proto name, the kind, how
/// its text is read and what it must be.
struct AnyValueMember {
  StringLiteral Camel, Snake;
  ValueKind Kind;
  std::optional<std::string> (*Text)(const json::Value &);
  StringLiteral Expected;
};
constexpr AnyValueMember AnyValueMembers[] = {
    {"stringValue", "string_value", ValueKind::String, stringText, "a string"},
    {"boolValue", "bool_value", ValueKind::Bool, boolText, "a bool"},
    {"intValue", "int_value", ValueKind::Int, intText, "a 64-bit integer"},
    {"doubleValue", "double_value", ValueKind::Double, numberText, "a number"},
    {"bytesValue", "bytes_value", ValueKind::Bytes, noText, ""},
    {"arrayValue", "array_value", ValueKind::Array, noText, ""},
    {"kvlistValue", "kvlist_value", ValueKind::Map, noText, ""}};

Value Reader::value(const json::Object *V, const std::string &Path) {
  Value Out;
  if (!V)
    return Out;
  for (const AnyValueMember &M : AnyValueMembers) {
    const json::Value *Member = member(*V, M.Camel, M.Snake);
    if (!Member)
      continue;
    Out.Kind = M.Kind;
    if (std::optional<std::string> Text = M.Text(*Member))
      Out.Text = std::move(*Text);
    else
      fail(Path + "." + M.Camel, M.Expected);
    break;
  }
  return Out;
}

std::vector<Attribute> Reader::attributes(const json::Object &O,
                                          const std::string &Path) {
  std::vector<Attribute> Out;
  each(O, "attributes", "", Path,
       [&](const json::Object &KV, const std::string &At) {
         Attribute A;
         A.Key = string(KV, "key", "", At);
         A.Val = value(object(KV, "value", "", At), At + ".value");
         Out.push_back(std::move(A));
       });
  return Out;
}

void Reader::spans(const json::Object &Root) {
  each(Root, "resourceSpans", "resource_spans", "",
       [&](const json::Object &Resource, const std::string &R) {
         each(Resource, "scopeSpans", "scope_spans", R,
              [&](const json::Object &Scope, const std::string &S) {
                each(Scope, "spans", "", S,
                     [&](const json::Object &Span, const std::string &At) {
                       Out.Spans.push_back({string(Span, "name", "", At),
                                            attributes(Span, At)});
                     });
              });
       });
}

void Reader::logs(const json::Object &Root) {
  each(Root, "resourceLogs", "resource_logs", "",
       [&](const json::Object &Resource, const std::string &R) {
         each(Resource, "scopeLogs", "scope_logs", R,
              [&](const json::Object &Scope, const std::string &S) {
                std::string ScopeName;
                if (const json::Object *Sc = object(Scope, "scope", "", S))
                  ScopeName = string(*Sc, "name", "", S + ".scope");
                each(Scope, "logRecords", "log_records", S,
                     [&](const json::Object &Rec, const std::string &At) {
                       LogRecord L;
                       if (const json::Value *T =
                               member(Rec, "timeUnixNano", "time_unix_nano")) {
                         std::optional<std::string> Nanos = intText(*T);
                         if (!Nanos || !to_integer(*Nanos, L.TimeUnixNanos, 10))
                           fail(At + ".timeUnixNano", "a 64-bit integer");
                       }
                       L.SeverityText =
                           string(Rec, "severityText", "severity_text", At);
                       L.Scope = ScopeName;
                       L.Body =
                           value(object(Rec, "body", "", At), At + ".body");
                       L.Attributes = attributes(Rec, At);
                       L.TraceId =
                           StringRef(string(Rec, "traceId", "trace_id", At))
                               .lower();
                       L.SpanId =
                           StringRef(string(Rec, "spanId", "span_id", At))
                               .lower();
                       Out.Logs.push_back(std::move(L));
                     });
              });
       });
}

void Reader::metric(const json::Object &M, const std::string &Path) {
  MetricRecord R;
  R.Name = string(M, "name", "", Path);
  auto Points = [&](const json::Object &Data, const std::string &At) {
    each(Data, "dataPoints", "data_points", At,
         [&](const json::Object &P, const std::string &PAt) {
           R.Points.push_back(attributes(P, PAt));
         });
  };
  struct Kind {
    StringRef Camel, Snake;
    MetricKind K;
  };
  static constexpr Kind Kinds[] = {{"gauge", "", MetricKind::Gauge},
                                   {"sum", "", MetricKind::NonMonotonicSum},
                                   {"histogram", "", MetricKind::Histogram},
                                   {"exponentialHistogram",
                                    "exponential_histogram",
                                    MetricKind::ExponentialHistogram},
                                   {"summary", "", MetricKind::Summary}};
  for (const Kind &K : Kinds)
    if (const json::Object *Data = object(M, K.Camel, K.Snake, Path)) {
      R.Kind = K.K;
      if (K.K == MetricKind::NonMonotonicSum)
        if (const json::Value *Mono =
                member(*Data, "isMonotonic", "is_monotonic"))
          if (Mono->getAsBoolean().value_or(false))
            R.Kind = MetricKind::MonotonicSum;
      Points(*Data, Path + "." + K.Camel.str());
      break;
    }
  Out.Metrics.push_back(std::move(R));
}

void Reader::metrics(const json::Object &Root) {
  each(Root, "resourceMetrics", "resource_metrics", "",
       [&](const json::Object &Resource, const std::string &R) {
         each(Resource, "scopeMetrics", "scope_metrics", R,
              [&](const json::Object &Scope, const std::string &S) {
                each(Scope, "metrics", "", S,
                     [&](const json::Object &M, const std::string &At) {
                       metric(M, At);
                     });
              });
       });
}

Expected<Batch> Reader::read(Signal S, const json::Value &Root) {
  const json::Object *Obj = Root.getAsObject();
  if (!Obj)
    return createStringError(inconvertibleErrorCode(),
                             "the JSON body is not an object");
  switch (S) {
  case Signal::Traces:
    spans(*Obj);
    break;
  case Signal::Logs:
    logs(*Obj);
    break;
  case Signal::Metrics:
    metrics(*Obj);
    break;
  }
  if (!Error.empty())
    return createStringError(inconvertibleErrorCode(),
                             "OTLP JSON: " + StringRef(Error).ltrim('.'));
  return std::move(Out);
}

/// Arrays and objects nest at most this deep: llvm::json parses
/// recursively, so a hostile body must not reach it.
constexpr unsigned MaxNesting = 64;

/// Whether Body's brackets nest deeper than MaxNesting (strings skipped).
bool nestsTooDeep(StringRef Body) {
  unsigned Depth = 0;
  bool InString = false;
  for (size_t I = 0; I < Body.size(); ++I) {
    char C = Body[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
    } else if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxNesting)
        return true;
    } else if ((C == ']' || C == '}') && Depth > 0) {
      --Depth;
    }
  }
  return false;
}

} // namespace

Expected<Batch> decodeJson(Signal S, StringRef Body) {
  if (nestsTooDeep(Body))
    return createStringError(inconvertibleErrorCode(),
                             "the JSON body nests deeper than " +
                                 Twine(MaxNesting) + " levels");
  Expected<json::Value> Root = json::parse(Body);
  if (!Root)
    return createStringError(inconvertibleErrorCode(),
                             "not JSON: " + toString(Root.takeError()));
  return Reader().read(S, *Root);
}

} // namespace livecheck
} // namespace telegen
