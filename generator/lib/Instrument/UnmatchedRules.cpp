//===- UnmatchedRules.cpp - Rules that instrument nothing -----------------===//
#include "Instrument/UnmatchedRules.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace telegen {

const CheckInfo UnmatchedRule = {
    "rule.unmatched", Severity::Warning,
    "Every rule instruments some function of its target."};

Expected<std::vector<RuleUsage>> ruleUsage(const json::Object &Model,
                                           StringRef ModelName, size_t Rules) {
  const json::Array *Entries = Model.getArray("rules");
  if (!Entries)
    return notAModel(ModelName, "it has no \"rules\" list");
  if (Entries->size() != Rules)
    return notAModel(ModelName, formatv("it has {0} rules, the schema {1}",
                                        Entries->size(), Rules));
  std::vector<RuleUsage> Usage;
  for (const json::Value &Entry : *Entries) {
    const json::Object *Rule = Entry.getAsObject();
    auto Count = [&](StringRef Key) -> std::optional<unsigned> {
      std::optional<int64_t> N = Rule ? Rule->getInteger(Key) : std::nullopt;
      if (!N || *N < 0)
        return std::nullopt;
      return static_cast<unsigned>(*N);
    };
    std::optional<unsigned> Instrumented = Count("instrumented"),
                            TooSmall = Count("too_small"),
                            NotInstrumentable = Count("not_instrumentable"),
                            InSystemHeaders = Count("in_system_headers");
    if (!Instrumented || !TooSmall || !NotInstrumentable || !InSystemHeaders)
      return notAModel(ModelName, "a rule's counts are missing");
    RuleUsage R;
    R.Instrumented = *Instrumented;
    R.TooSmall = *TooSmall;
    R.NotInstrumentable = *NotInstrumentable;
    R.InSystemHeaders = *InSystemHeaders;
    if (const json::Object *Example =
            Rule->getObject("system_header_example")) {
      R.SystemHeaderFunction =
          Example->getString("function").value_or("").str();
      R.SystemHeaderFile = Example->getString("file").value_or("").str();
    }
    Usage.push_back(std::move(R));
  }
  return Usage;
}

void addRuleUsage(std::vector<RuleUsage> &Totals,
                  const std::vector<RuleUsage> &From) {
  Totals.resize(std::max(Totals.size(), From.size()));
  for (size_t I = 0; I < From.size(); ++I) {
    RuleUsage &T = Totals[I];
    const RuleUsage &F = From[I];
    T.Instrumented += F.Instrumented;
    T.TooSmall += F.TooSmall;
    T.NotInstrumentable += F.NotInstrumentable;
    T.InSystemHeaders += F.InSystemHeaders;
    if (T.SystemHeaderFunction.empty()) {
      T.SystemHeaderFunction = F.SystemHeaderFunction;
      T.SystemHeaderFile = F.SystemHeaderFile;
    }
  }
}

/// Why a rule whose usage is R instruments nothing, and what to do.
static void explain(const schema::Rule &Rule, const RuleUsage &R,
                    size_t Sources, DiagnosticList &Diags) {
  std::string InSources = formatv("in the {0} instrumented source{1}", Sources,
                                  Sources == 1 ? "" : "s");
  if (R.InSystemHeaders > 0) {
    Diags
        .report(UnmatchedRule, Rule.Loc,
                formatv("rule instruments no function {0}: the functions it "
                        "matches are in system headers, which telegen leaves "
                        "alone ('{1}' in {2})",
                        InSources, R.SystemHeaderFunction, R.SystemHeaderFile))
        .note(Location(),
              "an include directory declared SYSTEM (or an imported target's) "
              "makes a library's headers system headers; to instrument them "
              "on purpose, name the directory in telegen_instrument(... "
              "INSTRUMENT_SYSTEM_HEADERS <dir>), or pass "
              "--instrument-system-headers <dir> to telegen instrument");
    return;
  }
  if (R.TooSmall > 0 || R.NotInstrumentable > 0) {
    std::string Why =
        R.NotInstrumentable == 0
            ? formatv("each function it matches is smaller than its min_size "
                      "of {0}",
                      Rule.MinSize)
                  .str()
        : R.TooSmall == 0
            ? std::string("no function it matches can carry a span")
            : formatv("each function it matches is smaller than its min_size "
                      "of {0} or cannot carry a span",
                      Rule.MinSize)
                  .str();
    Diags
        .report(
            UnmatchedRule, Rule.Loc,
            formatv("rule instruments no function {0}: {1}", InSources, Why))
        .note(Location(), "each source's model lists them under \"skipped\", "
                          "with the reason (telegen instrument "
                          "--emit=model-json); min_size: 0 instruments "
                          "functions of any size");
    return;
  }
  Diags
      .report(UnmatchedRule, Rule.Loc,
              formatv("rule matches no function {0}", InSources))
      .note(Location(), "check the patterns' namespaces and class names ('*' "
                        "matches within one name component, '**' across "
                        "components), and that the sources defining the "
                        "functions are instrumented with this schema");
}

void checkRuleUsage(const schema::Model &Schema,
                    const std::vector<RuleUsage> &Totals, size_t Sources,
                    DiagnosticList &Diags) {
  for (size_t I = 0; I < Schema.Rules.size(); ++I) {
    RuleUsage R = I < Totals.size() ? Totals[I] : RuleUsage();
    if (R.Instrumented == 0)
      explain(Schema.Rules[I], R, Sources, Diags);
  }
}

} // namespace telegen
