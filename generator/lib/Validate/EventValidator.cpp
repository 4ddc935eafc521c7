//===- EventValidator.cpp - Log records against the schema ----------------===//
#include "Validate/EventValidator.h"
#include "Validate/Catalog.h"
#include "Validate/FieldKinds.h"

#include "Support/Suggest.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace telegen {
namespace validate {
namespace {

/// Lines quoted under a finding at most; longer ones are shown by position
/// only, so quoting stays within MaxListedFindings times this.
constexpr size_t MaxQuotedBytes = 4096;

/// Keys every log record starts with. A field named like one of them is
/// written as "field_<name>" (docs/logging.md).
constexpr StringLiteral ReservedKeys[] = {
    "timestamp", "level",      "logger",         "event",    "func_name",
    "lineno",    "pathname",   "source",         "request_id",
    "correlation_id", "frontend", "trace_id",    "span_id"};

/// What redacted values are written as.
constexpr StringLiteral RedactedPlaceholder = "[REDACTED]";

bool isReserved(StringRef Key) {
  for (StringRef R : ReservedKeys)
    if (Key == R)
      return true;
  return false;
}

/// The key a field is logged under.
std::string loggedKey(StringRef Field) {
  return isReserved(Field) ? ("field_" + Field).str() : Field.str();
}

/// Lowercase hex of the given length, not all zeros (W3C Trace Context).
bool isTraceHex(StringRef Text, size_t Length) {
  if (Text.size() != Length)
    return false;
  bool NonZero = false;
  for (char C : Text) {
    if (!isDigit(C) && !(C >= 'a' && C <= 'f'))
      return false;
    NonZero |= C != '0';
  }
  return NonZero;
}

/// YYYY-MM-DDTHH:MM:SS, optional fraction, Z.
bool isIsoUtc(StringRef Text) {
  static constexpr StringLiteral Shape = "dddd-dd-ddTdd:dd:dd";
  if (Text.size() < Shape.size() + 1 || !Text.ends_with("Z"))
    return false;
  for (size_t I = 0; I < Shape.size(); ++I)
    if (Shape[I] == 'd' ? !isDigit(Text[I]) : Text[I] != Shape[I])
      return false;
  StringRef Rest = Text.drop_front(Shape.size()).drop_back();
  if (Rest.empty())
    return true;
  return Rest.size() > 1 && Rest[0] == '.' &&
         all_of(Rest.drop_front(), isDigit);
}

std::string joined(ArrayRef<std::string> Values) {
  return join(Values.begin(), Values.end(), ", ");
}

/// What a member holds, for messages: its kind, and short values as written.
std::string shownValue(const JsonMember &M) {
  std::string Kind = describe(M.Kind).str();
  if (M.Kind == JsonKind::String && M.Text.size() <= 40)
    return Kind + " ('" + M.Text + "')";
  if ((M.Kind == JsonKind::Integer || M.Kind == JsonKind::Number) &&
      M.Text.size() <= 40)
    return Kind + " (" + M.Text + ")";
  return Kind;
}

} // namespace

struct EventValidator::Where {
  StringRef File;
  const LogLine &Line;
  /// Whether this line has had a finding yet.
  bool Reported = false;
};

EventValidator::EventValidator(const schema::Model &M, SourceFiles &Files,
                               DiagnosticList &Diags, ValidatorOptions Options)
    : M(M), Files(Files), Diags(Diags), Options(Options),
      Seen(M.Events.size(), false) {
  for (unsigned I = 0; I < M.Events.size(); ++I) {
    EventIndex[M.Events[I].Name] = I;
    if (const schema::Field *F = M.Events[I].findField("resilience_event"))
      HasResilienceEvents |= F->Const.has_value();
  }
  Stats.DeclaredEvents = M.Events.size();
}

void EventValidator::report(Where &At, const CheckInfo &Check, size_t Begin,
                            size_t End, const Twine &Message, StringRef FixIt) {
  ++Stats.Findings;
  if (!At.Reported) {
    ++Stats.LinesWithFindings;
    At.Reported = true;
  }
  if (Stats.Findings > Options.ListLimit) {
    if (Stats.Unlisted++ == 0) {
      FirstUnlisted.File = At.File.str();
      FirstUnlisted.Line = At.Line.Number;
      FirstUnlisted.Column = Begin + 1;
    }
    return;
  }
  if (At.Line.Text.size() <= MaxQuotedBytes)
    Files.addLine(At.File, At.Line.Number, At.Line.Text);
  Location Loc;
  Loc.File = At.File.str();
  Loc.Line = At.Line.Number;
  Loc.Column = Begin + 1;
  Loc.EndColumn = End > Begin ? End + 1 : 0;
  auto Finding = Diags.report(Check, Loc, Message);
  if (!FixIt.empty())
    Finding.fixIt(FixIt);
}

void EventValidator::check(StringRef File, const LogLine &Line) {
  Where At{File, Line};
  if (Line.TooLong) {
    ++Stats.Records;
    report(At, LineTooLong, 0, 0,
           "line of " + Twine(Line.Length) +
               " bytes is over the 1 MiB limit of a log record; skipped");
    return;
  }
  if (Line.Text.trim().empty())
    return;
  ++Stats.Records;
  if (!Record.parse(Line.Text)) {
    const JsonSyntaxError &E = Record.error();
    if (!Line.Terminated)
      report(At, Truncated, E.Offset, 0,
             "the last line has no line feed and is not a complete JSON "
             "object (" +
                 E.Message + "): the writer was cut off, or is still writing");
    else
      report(At, NotJson, E.Offset, 0, "not a JSON object: " + E.Message);
    return;
  }

  const JsonMember *Anchor = nullptr;
  const schema::Event *E = identify(At, Anchor);
  if (!E)
    return;
  ++Stats.Events;
  Seen[EventIndex[E->Name]] = true;

  StringSet<> Keys;
  for (const JsonMember &Member : Record.members())
    if (!Keys.insert(Member.Key).second)
      report(At, validate::Record, Member.KeyOffset, Member.ValueEnd,
             "key '" + Member.Key +
                 "' is written twice; readers keep one of the values");
  checkStandardKeys(At, *E, *Anchor);
  checkTraceContext(At);
  for (const schema::Field &F : E->Fields)
    checkField(At, *E, F, *Anchor);
  if (Options.Strict)
    checkUndeclaredKeys(At, *E);
}

void EventValidator::checkUndeclaredKeys(Where &At, const schema::Event &E) {
  for (const JsonMember &Member : Record.members()) {
    if (isReserved(Member.Key) || Member.Key == "resilience_event")
      continue;
    StringRef Field = Member.Key;
    if (Field.consume_front("field_") && !isReserved(Field))
      Field = Member.Key;
    if (E.findField(Field))
      continue;
    std::vector<StringRef> Names;
    for (const schema::Field &F : E.Fields)
      Names.push_back(F.Name);
    StringRef Suggestion = closestSpelling(Field, Names);
    report(
        At, UnknownField, Member.KeyOffset, Member.ValueEnd,
        "'" + E.Name + "' record has field '" + Member.Key +
            "', which the schema does not declare" +
            (Suggestion.empty() ? "" : "; did you mean '" + Suggestion + "'?"));
  }
}

const schema::Event *EventValidator::identify(Where &At,
                                              const JsonMember *&Anchor) {
  const JsonMember *Event = Record.find("event");
  if (Event && Event->Kind == JsonKind::String) {
    auto It = EventIndex.find(Event->Text);
    if (It != EventIndex.end()) {
      Anchor = Event;
      return &M.Events[It->second];
    }
  }
  const JsonMember *Resilience = Record.find("resilience_event");
  if (Options.Strict && Event && (!Resilience || !HasResilienceEvents)) {
    std::vector<StringRef> Names;
    for (const schema::Event &Declared : M.Events)
      Names.push_back(Declared.Name);
    StringRef Suggestion = Event->Kind == JsonKind::String
                               ? closestSpelling(Event->Text, Names)
                               : StringRef();
    report(
        At, UnknownEvent, Event->ValueOffset, Event->ValueEnd,
        "event " +
            (Event->Kind == JsonKind::String ? "'" + Event->Text + "'"
                                             : shownValue(*Event)) +
            " is not declared in the schema" +
            (Suggestion.empty() ? "" : "; did you mean '" + Suggestion + "'?"));
    return nullptr;
  }
  if (!Resilience || !HasResilienceEvents)
    return nullptr;
  if (Resilience->Kind == JsonKind::String) {
    auto It = EventIndex.find(Resilience->Text);
    if (It != EventIndex.end()) {
      Anchor = Resilience;
      return &M.Events[It->second];
    }
  }
  std::vector<StringRef> Names;
  for (const schema::Event &Declared : M.Events)
    if (const schema::Field *F = Declared.findField("resilience_event"))
      if (F->Const)
        Names.push_back(Declared.Name);
  StringRef Suggestion = Resilience->Kind == JsonKind::String
                             ? closestSpelling(Resilience->Text, Names)
                             : StringRef();
  std::string Shown = Resilience->Kind == JsonKind::String
                          ? "'" + Resilience->Text + "'"
                          : shownValue(*Resilience);
  report(At, UnknownEvent, Resilience->ValueOffset, Resilience->ValueEnd,
         "resilience_event " + Shown + " is not an event the schema declares" +
             (Suggestion.empty() ? "" : "; did you mean '" + Suggestion + "'?"),
         Suggestion.empty() ? "" : ("\"" + Suggestion + "\"").str());
  return nullptr;
}

void EventValidator::checkStandardKeys(Where &At, const schema::Event &E,
                                       const JsonMember &Anchor) {
  for (StringRef Key : {"timestamp", "level", "logger", "func_name", "lineno"})
    if (!Record.find(Key))
      report(At, MissingField, Anchor.KeyOffset, Anchor.ValueEnd,
             "'" + E.Name + "' record has no '" + Key +
                 "'; every record has timestamp, level, logger, event, "
                 "func_name and lineno");

  if (const JsonMember *T = Record.find("timestamp"))
    if (T->Kind != JsonKind::String || !isIsoUtc(T->Text))
      report(At, validate::Record, T->ValueOffset, T->ValueEnd,
             "timestamp is " + shownValue(*T) +
                 ", not an ISO 8601 UTC time such as "
                 "2024-05-01T12:34:56.123456Z");
  if (const JsonMember *F = Record.find("func_name"))
    if (F->Kind != JsonKind::String)
      report(At, validate::Record, F->ValueOffset, F->ValueEnd,
             "func_name is " + shownValue(*F) + ", not a string");
  if (const JsonMember *L = Record.find("lineno"))
    if (L->Kind != JsonKind::Integer || StringRef(L->Text).starts_with("-"))
      report(At, validate::Record, L->ValueOffset, L->ValueEnd,
             "lineno is " + shownValue(*L) + ", not a line number");

  if (const JsonMember *L = Record.find("level")) {
    StringRef Expected = schema::name(E.Level);
    if (L->Kind != JsonKind::String)
      report(At, Level, L->ValueOffset, L->ValueEnd,
             "level is " + shownValue(*L) + "; '" + E.Name + "' is logged at " +
                 Expected,
             ("\"" + Expected + "\"").str());
    else if (L->Text != Expected)
      report(At, Level, L->ValueOffset, L->ValueEnd,
             "'" + E.Name + "' is logged at " + Expected +
                 " in the schema, not " + L->Text,
             ("\"" + Expected + "\"").str());
  }
}

void EventValidator::checkTraceContext(Where &At) {
  const JsonMember *Trace = Record.find("trace_id");
  const JsonMember *Span = Record.find("span_id");
  if (Trace &&
      (Trace->Kind != JsonKind::String || !isTraceHex(Trace->Text, 32)))
    report(At, TraceContext, Trace->ValueOffset, Trace->ValueEnd,
           "trace_id is " + shownValue(*Trace) +
               "; a trace id is 32 lowercase hex digits, not all zero");
  if (Span && (Span->Kind != JsonKind::String || !isTraceHex(Span->Text, 16)))
    report(At, TraceContext, Span->ValueOffset, Span->ValueEnd,
           "span_id is " + shownValue(*Span) +
               "; a span id is 16 lowercase hex digits, not all zero");
  if (Trace && !Span)
    report(At, TraceContext, Trace->KeyOffset, Trace->ValueEnd,
           "trace_id without span_id; a record in a trace names both");
  if (Span && !Trace)
    report(At, TraceContext, Span->KeyOffset, Span->ValueEnd,
           "span_id without trace_id; a record in a trace names both");
}

void EventValidator::checkField(Where &At, const schema::Event &E,
                                const schema::Field &F,
                                const JsonMember &Anchor) {
  std::string Key = loggedKey(F.Name);
  const JsonMember *Value = Record.find(Key);
  if (!Value) {
    report(At, MissingField, Anchor.KeyOffset, Anchor.ValueEnd,
           "'" + E.Name + "' record has no '" + Key +
               "' field; every declared field is written, null when it has "
               "no value");
    return;
  }
  // At the value, which a suggested fix replaces.
  auto ReportValue = [&](const CheckInfo &Check, const Twine &Message,
                         StringRef FixIt = "") {
    report(At, Check, Value->ValueOffset, Value->ValueEnd, Message, FixIt);
  };
  std::string What = "field '" + Key + "' of '" + E.Name + "'";

  if (Value->Kind == JsonKind::Null) {
    if (F.Required)
      ReportValue(MissingField, "required " + What + " is null");
    else if (F.Const)
      ReportValue(FieldValue, What + " is null, but the schema fixes it to '" +
                                  *F.Const + "'");
    return;
  }
  if (F.Redacted) {
    if (Value->Kind != JsonKind::String || Value->Text != RedactedPlaceholder)
      ReportValue(FieldValue,
                  What + " is written in clear, but the schema redacts "
                         "it; it must be \"[REDACTED]\" or null",
                  "\"[REDACTED]\"");
    return;
  }
  if (!kindFits(F.Type, Value->Kind)) {
    ReportValue(FieldType, What + " must be " + expectedKind(F.Type) +
                               " (schema type " + schema::name(F.Type) +
                               "), not " + shownValue(*Value));
    return;
  }
  if (F.Const) {
    if (Value->Text != *F.Const)
      ReportValue(FieldValue,
                  What + " is '" + Value->Text +
                      "', but the schema fixes it to '" + *F.Const + "'",
                  "\"" + *F.Const + "\"");
    return;
  }
  if (F.Type == schema::FieldType::Enum &&
      !is_contained(F.Values, Value->Text)) {
    std::vector<StringRef> Candidates(F.Values.begin(), F.Values.end());
    StringRef Suggestion = closestSpelling(Value->Text, Candidates);
    bool IsDependency = F.EnumLabel && F.EnumLabel->Name == "dependency";
    std::string Message = "'" + Value->Text + "' is not " +
                          (IsDependency ? "a dependency the schema declares"
                                        : "a value of " + What) +
                          " (" + joined(F.Values) + ")";
    if (!Suggestion.empty())
      Message += "; did you mean '" + Suggestion.str() + "'?";
    ReportValue(FieldValue, Message,
                Suggestion.empty() ? "" : ("\"" + Suggestion + "\"").str());
    return;
  }
  // The contract counts attempts from 1.
  if (E.Builtin == "resilience" && F.Name == "attempt" &&
      (Value->Text == "0" || StringRef(Value->Text).starts_with("-")))
    ReportValue(FieldValue, "attempt is 1-based, so " + Value->Text +
                                " is no attempt; outside retries it is null");
}

void EventValidator::reportCoverage() {
  for (unsigned I = 0; I < M.Events.size(); ++I) {
    const schema::Event &E = M.Events[I];
    const bool Unused = E.UnusedAt.isValid();
    Stats.UnusedEvents += Unused;
    if (Seen[I])
      ++Stats.SeenEvents;
    if (Seen[I] && Unused)
      Diags
          .report(Coverage, E.UnusedAt,
                  "event '" + E.Name +
                      "' is listed as unused, but the logs carry it; remove "
                      "it from 'unused_events'")
          .note(E.Loc, "event declared here");
    else if (!Seen[I] && !Unused && !E.onlyWhenLosing())
      Diags.report(Coverage, E.Loc,
                   "event '" + E.Name + "' appears in none of the logs checked");
  }
}

void EventValidator::reportUnlisted() {
  if (Stats.Unlisted == 0)
    return;
  Diags.report(Unlisted, FirstUnlisted,
               Twine(Stats.Unlisted) +
                   " more findings from here on are counted "
                   "but not listed (the first " +
                   Twine(Options.ListLimit) + " are)");
}

} // namespace validate
} // namespace telegen
