//===- LiveCheckCommand.cpp - telegen live-check --schema S ---------------===//
//
// Receives a running service's spans, log records and metrics over
// OTLP/HTTP for a while, checks each against the schema, then reports each
// distinct finding once with its count, and coverage. Stops after
// --duration, after --until-idle without a request (once one arrived), or
// at SIGINT/SIGTERM. The schema must pass 'telegen check' first.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"
#include "LiveCheck/Catalog.h"
#include "LiveCheck/LiveChecker.h"
#include "LiveCheck/Receiver.h"
#include "Schema/Loader.h"
#include "Support/Duration.h"
#include "Validate/Catalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"

#include <atomic>
#include <csignal>

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand LiveSub("live-check",
                       "Receive a running service's spans, logs and metrics "
                       "over OTLP/HTTP and check them against a schema");

/// Every process telegen runs in writes the built-in lifecycle schema's
/// records (service_started, configuration_loaded, service_stopped,
/// telemetry_dropped), imported or not: the schema is checked with them.
void addLifecycleEvents(schema::Model &Schema, SourceFiles &Files) {
  if (llvm::any_of(Schema.Events,
                   [](const schema::Event &E) { return E.Builtin == "lifecycle"; }))
    return;
  auto FS = llvm::makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
  const char *Path = "/telegen-live-check/lifecycle.yaml";
  FS->addFile(Path, 0,
              llvm::MemoryBuffer::getMemBuffer("imports:\n  - builtin: lifecycle\n"));
  DiagnosticList Ignored;
  Expected<schema::LoadedSchema> Lifecycle =
      schema::Loader(*FS, Files, Ignored).load(Path);
  if (!Lifecycle) {
    llvm::consumeError(Lifecycle.takeError());
    return;
  }
  for (schema::Event &E : Lifecycle->Schema.Events) {
    E.UnusedAt = E.Loc; // checked when received, never asked for
    Schema.Events.push_back(std::move(E));
  }
  // The model's lists are sorted by name (its lookups search them).
  llvm::stable_sort(Schema.Events, [](const schema::Event &A, const schema::Event &B) {
    return A.Name < B.Name;
  });
}

cl::opt<std::string> SchemaFile("schema", cl::Required,
                                cl::desc("The schema the service implements"),
                                cl::value_desc("schema.yaml"), cl::sub(LiveSub),
                                cl::cat(telegenCategory()));

cl::opt<std::string>
    Listen("listen",
           cl::desc("Address to receive OTLP/HTTP on (default "
                    "127.0.0.1:4318; port 0 picks a free one, printed)"),
           cl::value_desc("host:port"), cl::sub(LiveSub),
           cl::cat(telegenCategory()));

cl::opt<int> Port("port", cl::desc("Port on 127.0.0.1 (same as --listen)"),
                  cl::init(-1), cl::sub(LiveSub), cl::cat(telegenCategory()));

cl::opt<std::string> DurationOpt(
    "duration",
    cl::desc("Stop after this long (a Prometheus duration: 30s, 2m)"),
    cl::value_desc("duration"), cl::sub(LiveSub), cl::cat(telegenCategory()));

cl::opt<std::string>
    IdleOpt("until-idle",
            cl::desc("Stop once a request has arrived and none has for this "
                     "long (30s, 500ms)"),
            cl::value_desc("duration"), cl::sub(LiveSub),
            cl::cat(telegenCategory()));

cl::opt<bool> CoverageGate(
    "coverage",
    cl::desc("Also report every declared span, event and metric never "
             "received"),
    cl::sub(LiveSub), cl::cat(telegenCategory()));

cl::list<std::string>
    Optional("optional",
             cl::desc("A declared span, event or metric that --coverage "
                      "does not require (repeatable)"),
             cl::value_desc("name"), cl::sub(LiveSub),
             cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(LiveSub), cl::cat(telegenCategory()));

std::atomic<bool> Interrupted{false};

extern "C" void onSignal(int) { Interrupted = true; }

ArrayRef<const CheckInfo *> reportableChecks() {
  static const std::vector<const CheckInfo *> All = joinCatalogs(
      {checks::schemaChecks(), validate::logChecks(), livecheck::liveChecks()});
  return All;
}

/// Host and port from --listen / --port.
Expected<std::pair<std::string, int>> address() {
  if (Listen.empty())
    return std::make_pair(std::string("127.0.0.1"),
                          Port < 0 ? 4318 : int(Port));
  auto [Host, PortText] = StringRef(Listen).rsplit(':');
  unsigned Number;
  if (Host.empty() || PortText.getAsInteger(10, Number) || Number > 65535)
    return createStringError(inconvertibleErrorCode(),
                             "--listen takes host:port, such as "
                             "127.0.0.1:4318, not '" +
                                 Listen + "'");
  return std::make_pair(Host.trim("[]").str(), static_cast<int>(Number));
}

Expected<std::optional<uint64_t>> durationOption(const cl::opt<std::string> &O,
                                                 StringRef Name) {
  if (O.empty())
    return std::nullopt;
  std::optional<uint64_t> Ms = parseDuration(O);
  if (!Ms || *Ms == 0)
    return createStringError(inconvertibleErrorCode(),
                             "--" + Name +
                                 " takes a duration such as 30s or "
                                 "500ms, not '" +
                                 O + "'");
  return Ms;
}

/// Waits until a stop condition holds.
void serve(livecheck::Receiver &R, std::optional<uint64_t> DurationMs,
           std::optional<uint64_t> IdleMs) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point Start = Clock::now();
  while (!Interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Clock::time_point Now = Clock::now();
    if (DurationMs && Now - Start >= std::chrono::milliseconds(*DurationMs))
      return;
    if (IdleMs && R.requests() > 0 &&
        Now - R.lastRequest() >= std::chrono::milliseconds(*IdleMs))
      return;
  }
}

void printCoverage(raw_ostream &OS, StringRef Kind,
                   const livecheck::CoverageCount &C) {
  OS << "telegen: coverage: " << C.Seen << " of " << C.Declared << ' ' << Kind
     << " seen";
  if (!C.Missing.empty()) {
    OS << "; never seen:";
    for (const std::string &Name : C.Missing)
      OS << ' ' << Name;
  }
  OS << '\n';
}

/// "1 span", "2 spans".
std::string count(uint64_t N, StringRef Noun) {
  return (Twine(N) + " " + Noun + (N == 1 ? "" : "s")).str();
}

void printSummary(const livecheck::LiveStats &S) {
  auto &OS = errs();
  OS << "telegen: live-check received " << count(S.Requests, "request") << " ("
     << S.Malformed << " malformed): " << count(S.Spans, "span") << ", "
     << count(S.LogRecords, "log record") << ", "
     << count(S.MetricPoints, "metric point") << "; "
     << count(S.Findings, "finding") << '\n';
  printCoverage(OS, "spans", S.SpanCoverage);
  printCoverage(OS, "events", S.EventCoverage);
  printCoverage(OS, "metrics", S.MetricCoverage);
}

int fail(Error E) {
  WithColor::error(errs(), "telegen") << toString(std::move(E)) << '\n';
  return ExitUsage;
}

int runLiveCheck() {
  Expected<std::pair<std::string, int>> Address = address();
  if (!Address)
    return fail(Address.takeError());
  Expected<std::optional<uint64_t>> DurationMs =
      durationOption(DurationOpt, "duration");
  if (!DurationMs)
    return fail(DurationMs.takeError());
  Expected<std::optional<uint64_t>> IdleMs =
      durationOption(IdleOpt, "until-idle");
  if (!IdleMs)
    return fail(IdleMs.takeError());

  SourceFiles Files;
  DiagnosticList Diags;
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::getRealFileSystem();
  Expected<schema::LoadedSchema> Loaded =
      schema::Loader(*FS, Files, Diags).load(SchemaFile);
  if (!Loaded)
    return fail(Loaded.takeError());
  checkSchema(*Loaded, Diags);
  if (Diags.hasErrors()) {
    WithColor::error(errs(), "telegen")
        << "the schema has errors; fix them (telegen check) before checking "
           "telemetry against it\n";
    return reportFindings(Diags, Files, reportableChecks(), Format, false);
  }

  addLifecycleEvents(Loaded->Schema, Files);
  livecheck::LiveChecker Checker(Loaded->Schema, Files);
  livecheck::Receiver Receiver(Checker);
  Expected<int> Bound = Receiver.start(Address->first, Address->second);
  if (!Bound)
    return fail(Bound.takeError());
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  errs() << "telegen: live-check listening on http://" << Address->first << ':'
         << *Bound << " (OTLP/HTTP /v1/traces, /v1/logs, /v1/metrics)\n";
  errs().flush();
  serve(Receiver, *DurationMs, *IdleMs);
  Receiver.stop();

  Checker.finish(Diags, CoverageGate, Optional);
  int Code = reportFindings(Diags, Files, reportableChecks(), Format, false);
  printSummary(Checker.stats());
  if (Checker.stats().Requests == 0) {
    WithColor::error(errs(), "telegen")
        << "no OTLP request arrived; is the service's "
           "OTEL_EXPORTER_OTLP_ENDPOINT http://"
        << Address->first << ':' << *Bound << "?\n";
    return ExitFindings;
  }
  return Code;
}

} // namespace

Command liveCheckCommand() { return {LiveSub, runLiveCheck}; }

} // namespace telegen
