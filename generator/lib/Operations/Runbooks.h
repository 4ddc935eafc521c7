//===- Runbooks.h - One runbook per alert -----------------------*- C++ -*-===//
//
// What an on-call engineer reads when an alert fires, one per alertname
// (its runbook_url points at it): what it means, likely causes, steps to
// investigate with the commands to run for a C++ service (jq over the
// JSON-lines log by resilience_event, request_id and trace_id, the PromQL
// to run, gdb and perf on a stuck or hot process), how to resolve it and
// when to escalate. A service's own alert adds the runbook text its schema
// gives.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_RUNBOOKS_H
#define TELEGEN_OPERATIONS_RUNBOOKS_H

#include "Operations/Rules.h"
#include "Schema/Model.h"

#include <string>
#include <vector>

namespace telegen {
namespace operations {

struct RunbookStep {
  /// Markdown.
  std::string Text;
  /// A command to run; empty when the step has none.
  std::string Command;
  /// The command's language for the code block: "sh" or "promql".
  std::string Language;
};

struct Runbook {
  /// The alertname, and the file's name (<Alert>.md).
  std::string Alert;
  /// Markdown, one paragraph each.
  std::string Severity;
  std::vector<std::string> Meaning;
  std::vector<std::string> Causes;
  std::vector<RunbookStep> Steps;
  std::vector<std::string> Resolution;
  std::vector<std::string> Escalation;
  /// The runbook text of a service's own alert; empty for the others.
  std::string ServiceText;
};

std::vector<Runbook> buildRunbooks(const schema::Model &M, const Options &O);

} // namespace operations
} // namespace telegen

#endif
