//===- Diff.cpp - Breaking changes between two versions of a schema -------===//
//
// Findings about something removed point into the old schema; findings
// about a change point into the new one, with a note at the old
// declaration.
//
//===----------------------------------------------------------------------===//
#include "Diff/Diff.h"
#include "Diff/DiffCatalog.h"

#include "Check/AlertExpression.h"
#include "Support/Numbers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

namespace dc = diffchecks;

template <typename T>
const T *findNamed(const std::vector<T> &List, StringRef Name) {
  auto It = find_if(List, [&](const T &X) { return X.Name == Name; });
  return It == List.end() ? nullptr : &*It;
}

std::vector<std::string> sortedNames(const std::vector<Ref> &Refs) {
  std::vector<std::string> Names;
  for (const Ref &R : Refs)
    Names.push_back(R.Name);
  llvm::sort(Names);
  return Names;
}

std::string listText(ArrayRef<std::string> Items) {
  return "[" + join(Items, ", ") + "]";
}

std::string bucketsText(ArrayRef<double> Buckets) {
  std::vector<std::string> Items;
  for (double B : Buckets)
    Items.push_back(formatNumber(B));
  return listText(Items);
}

class SchemaDiff {
public:
  SchemaDiff(DiagnosticList &Diags) : Diags(Diags) {}

  /// Matches declarations by name: reports removals (with a likely rename
  /// among the additions), additions, and calls Compare on the others.
  template <typename T, typename SameShapeFn, typename CompareFn>
  void diffNamed(const std::vector<T> &Old, const std::vector<T> &New,
                 StringRef Kind, const CheckInfo &Removed,
                 SameShapeFn SameShape, CompareFn Compare) {
    std::vector<const T *> Added;
    for (const T &N : New)
      if (!findNamed(Old, N.Name)) {
        Added.push_back(&N);
        Diags.report(dc::Added, N.Loc,
                     formatv("{0} '{1}' is added", Kind, N.Name));
      }
    for (const T &O : Old) {
      const T *N = findNamed(New, O.Name);
      if (N) {
        Compare(O, *N);
        continue;
      }
      auto D = Diags.report(Removed, O.Loc,
                            formatv("{0} '{1}' is removed", Kind, O.Name));
      for (const T *A : Added)
        if (SameShape(O, *A))
          D.note(A->Loc, formatv("'{0}' may be renamed to '{1}', which breaks "
                                 "what uses the old name just the same",
                                 O.Name, A->Name));
    }
  }

  void labels(const Model &Old, const Model &New) {
    diffNamed(
        Old.Labels, New.Labels, "label", dc::LabelRemoved,
        [](const Label &A, const Label &B) {
          return A.Kind == B.Kind && A.Values == B.Values &&
                 A.MaxValues == B.MaxValues;
        },
        [&](const Label &O, const Label &N) {
          if (O.Kind != N.Kind) {
            Diags
                .report(dc::LabelKind, N.Loc,
                        formatv("label '{0}' changes from {1} to {2}", N.Name,
                                kindName(O), kindName(N)))
                .note(O.Loc, "it was declared here");
            return;
          }
          // Dependencies are compared where they are declared.
          if (!O.ValuesFromDependencies || !N.ValuesFromDependencies)
            values("label '" + N.Name + "'", O.Values, N.Values, O.Loc, N.Loc);
        });
  }

  void dependencies(const Model &Old, const Model &New) {
    for (const Dependency &O : Old.Dependencies)
      if (!findNamed(New.Dependencies, O.Name))
        Diags.report(dc::ValueRemoved, O.Loc,
                     formatv("dependency '{0}' is removed: labels that take "
                             "their values from 'dependencies' lose it",
                             O.Name));
    for (const Dependency &N : New.Dependencies)
      if (!findNamed(Old.Dependencies, N.Name))
        Diags.report(dc::Added, N.Loc,
                     formatv("dependency '{0}' is added", N.Name));
  }

  void metrics(const Model &Old, const Model &New) {
    diffNamed(
        Old.Metrics, New.Metrics, "metric", dc::MetricRemoved,
        [](const Metric &A, const Metric &B) {
          return A.Type == B.Type && A.Unit == B.Unit &&
                 sortedNames(A.Labels) == sortedNames(B.Labels) &&
                 A.Buckets == B.Buckets;
        },
        [&](const Metric &O, const Metric &N) { metric(O, N); });
  }

  void events(const Model &Old, const Model &New) {
    diffNamed(
        Old.Events, New.Events, "event", dc::EventRemoved,
        [](const Event &A, const Event &B) {
          return sameFields(A.Fields, B.Fields);
        },
        [&](const Event &O, const Event &N) {
          if (O.Level != N.Level)
            Diags
                .report(dc::EventLevel, N.Loc,
                        formatv("event '{0}' changes level from {1} to {2}",
                                N.Name, name(O.Level), name(N.Level)))
                .note(O.Loc, "it was declared here");
          fields("field", "event '" + N.Name + "'", O.Fields, N.Fields, N.Loc);
        });
  }

  void spans(const Model &Old, const Model &New) {
    diffNamed(
        Old.Spans, New.Spans, "span", dc::SpanRemoved,
        [](const Span &A, const Span &B) {
          return A.Kind == B.Kind && sameFields(A.Attributes, B.Attributes);
        },
        [&](const Span &O, const Span &N) {
          if (O.Kind != N.Kind)
            Diags
                .report(dc::SpanKind, N.Loc,
                        formatv("span '{0}' changes kind from {1} to {2}",
                                N.Name, name(O.Kind), name(N.Kind)))
                .note(O.Loc, "it was declared here");
          fields("attribute", "span '" + N.Name + "'", O.Attributes,
                 N.Attributes, N.Loc);
        });
  }

  /// The old schema's alerts and SLOs are the rules already deployed: what
  /// they use must stay.
  void alerts(const Model &Old, const Model &New) {
    for (const Alert &A : Old.Alerts) {
      // An alert that did not check against its own schema is not the
      // diff's to report.
      DiagnosticList Scratch;
      if (!checkAlertExpression(Old, A, Scratch, dc::AlertReference,
                                dc::AlertReference))
        continue;
      checkAlertExpression(New, A, Diags, dc::AlertReference,
                           dc::AlertReference,
                           "alert '" + A.Name +
                               "' of the old schema uses it; the new schema "
                               "does not declare it");
    }
    for (const Slo &S : Old.Slos)
      if (Old.findMetric(S.Metric.Name) && !New.findMetric(S.Metric.Name))
        Diags.report(dc::AlertReference, S.Metric.Loc,
                     formatv("SLO '{0}' is measured on metric '{1}', which "
                             "the new schema removes: its recording rules and "
                             "burn-rate alerts stop matching",
                             S.Name, S.Metric.Name));
  }

private:
  static StringRef kindName(const Label &L) {
    return L.Kind == LabelKind::Dynamic ? "dynamic" : "enumerated";
  }

  static bool sameFields(const std::vector<Field> &A,
                         const std::vector<Field> &B) {
    return A.size() == B.size() && all_of(zip(A, B), [](const auto &Pair) {
             const Field &X = std::get<0>(Pair), &Y = std::get<1>(Pair);
             return X.Name == Y.Name && X.Type == Y.Type;
           });
  }

  void values(const std::string &What, const std::vector<std::string> &Old,
              const std::vector<std::string> &New, const Location &OldLoc,
              const Location &NewLoc) {
    for (const std::string &V : Old)
      if (!is_contained(New, V))
        Diags
            .report(dc::ValueRemoved, NewLoc,
                    formatv("{0} no longer has value '{1}'", What, V))
            .note(OldLoc, "it was declared here");
    for (const std::string &V : New)
      if (!is_contained(Old, V))
        Diags.report(dc::Added, NewLoc,
                     formatv("{0} gains value '{1}'", What, V));
  }

  void metric(const Metric &O, const Metric &N) {
    auto Changed = [&](const CheckInfo &Check, const Twine &Message) {
      Diags.report(Check, N.Loc, Message).note(O.Loc, "it was declared here");
    };
    if (O.Type != N.Type) {
      Changed(dc::MetricType,
              formatv("metric '{0}' changes type from {1} to {2}", N.Name,
                      name(O.Type), name(N.Type)));
      return;
    }
    if (O.Unit != N.Unit)
      Changed(dc::MetricUnit,
              formatv("metric '{0}' changes unit from '{1}' to '{2}'", N.Name,
                      O.Unit, N.Unit));
    std::vector<std::string> OldLabels = sortedNames(O.Labels),
                             NewLabels = sortedNames(N.Labels);
    if (OldLabels != NewLabels)
      Changed(dc::MetricLabels,
              formatv("metric '{0}' changes labels from {1} to {2}", N.Name,
                      listText(OldLabels), listText(NewLabels)));
    if (O.Buckets != N.Buckets)
      Changed(dc::MetricBuckets,
              formatv("histogram '{0}' changes buckets from {1} to {2}", N.Name,
                      bucketsText(O.Buckets), bucketsText(N.Buckets)));
    if (O.MultiprocessMode != N.MultiprocessMode)
      Changed(dc::MetricMultiprocessMode,
              formatv("gauge '{0}' changes multiprocess_mode from {1} to {2}",
                      N.Name, name(O.MultiprocessMode),
                      name(N.MultiprocessMode)));
  }

  void fields(StringRef Kind, const std::string &Owner,
              const std::vector<Field> &Old, const std::vector<Field> &New,
              const Location &OwnerLoc) {
    auto Passed = [](const Field &F) { return F.Required && !F.Const; };
    for (const Field &O : Old) {
      const Field *N = findNamed(New, O.Name);
      std::string What = formatv("{0} '{1}' of {2}", Kind, O.Name, Owner);
      if (!N) {
        Diags.report(dc::FieldRemoved, OwnerLoc, What + " is removed")
            .note(O.Loc, "it was declared here");
        continue;
      }
      if (O.Type != N->Type) {
        Diags
            .report(dc::FieldType, N->Loc,
                    formatv("{0} changes type from {1} to {2}", What,
                            name(O.Type), name(N->Type)))
            .note(O.Loc, "it was declared here");
        continue;
      }
      if (Passed(*N) && !Passed(O))
        Diags.report(dc::FieldRequired, N->Loc, What + " becomes required")
            .note(O.Loc, "it was optional here");
      // A field typed by a label changes with the label, reported once.
      if (!O.EnumLabel || !N->EnumLabel)
        values(What, O.Values, N->Values, O.Loc, N->Loc);
    }
    for (const Field &N : New) {
      if (findNamed(Old, N.Name))
        continue;
      std::string What = formatv("{0} '{1}' of {2}", Kind, N.Name, Owner);
      if (Passed(N))
        Diags.report(dc::FieldRequired, N.Loc,
                     What + " is added as required; existing callers do not "
                            "pass it");
      else
        Diags.report(dc::Added, N.Loc, What + " is added");
    }
  }

  DiagnosticList &Diags;
};

} // namespace

void diffSchemas(const Model &Old, const Model &New, DiagnosticList &Diags) {
  SchemaDiff D(Diags);
  D.labels(Old, New);
  D.dependencies(Old, New);
  D.metrics(Old, New);
  D.events(Old, New);
  D.spans(Old, New);
  D.alerts(Old, New);
}

} // namespace telegen
