//===- EventValidator.h - Log records against the schema --------*- C++ -*-===//
//
// Checks the lines of JSONL logs against a schema's events: every line is a
// JSON object; a record whose `event` (or `resilience_event`) names a
// declared event has the standard keys, the event's level, every declared
// field with the JSON type of its schema type (declared enum values,
// dependencies included; const values; the placeholder for redacted
// fields), and well-formed trace context. Lines of other events are only
// required to be JSON. Findings point at the line and the member they are
// about.
//
// Memory stays bounded whatever the size of the logs: at most
// MaxListedFindings findings are listed (with the line quoted when it is
// short); the rest are counted.
//
// Strict (telegen live-check) also reports records of events the schema
// does not declare, and keys a declared event's record has beyond its
// fields and the standard keys.
//
// Not thread-safe.
//
// Usage:
//   EventValidator V(Model, Files, Diags);
//   while (Reader.next(Line))
//     V.check("logs/system.jsonl", Line);
//   V.reportCoverage(); // --coverage
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_EVENTVALIDATOR_H
#define TELEGEN_VALIDATE_EVENTVALIDATOR_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"
#include "Validate/JsonLine.h"
#include "Validate/LogReader.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace telegen {
namespace validate {

/// Findings listed in full; later ones are counted only.
constexpr unsigned MaxListedFindings = 1000;

struct ValidationStats {
  /// Lines read, blank ones excepted.
  uint64_t Records = 0;
  /// Records of events the schema declares.
  uint64_t Events = 0;
  uint64_t Findings = 0;
  uint64_t LinesWithFindings = 0;
  /// Findings past MaxListedFindings.
  uint64_t Unlisted = 0;
  /// Declared events, and those seen (after reportCoverage()).
  unsigned DeclaredEvents = 0;
  /// Declared events an import lists as unused.
  unsigned UnusedEvents = 0;
  unsigned SeenEvents = 0;
};

struct ValidatorOptions {
  /// Report undeclared events and fields too.
  bool Strict = false;
  /// Findings listed before the rest are only counted.
  uint64_t ListLimit = MaxListedFindings;
};

class EventValidator {
public:
  EventValidator(const schema::Model &M, SourceFiles &Files,
                 DiagnosticList &Diags, ValidatorOptions Options = {});

  /// Checks one line of File.
  void check(llvm::StringRef File, const LogLine &Line);
  /// Reports, at its declaration, every declared event no record carried.
  void reportCoverage();
  /// Adds a note counting the findings that were not listed, if any.
  void reportUnlisted();

  const ValidationStats &stats() const { return Stats; }
  /// Whether a record of each of the model's events was checked, in the
  /// order of Model::Events.
  const std::vector<bool> &seenEvents() const { return Seen; }

private:
  struct Where;
  void report(Where &At, const CheckInfo &Check, size_t Begin, size_t End,
              const llvm::Twine &Message, llvm::StringRef FixIt = "");
  const schema::Event *identify(Where &At, const JsonMember *&Anchor);
  void checkStandardKeys(Where &At, const schema::Event &E,
                         const JsonMember &Anchor);
  void checkTraceContext(Where &At);
  void checkUndeclaredKeys(Where &At, const schema::Event &E);
  void checkField(Where &At, const schema::Event &E, const schema::Field &F,
                  const JsonMember &Anchor);

  const schema::Model &M;
  SourceFiles &Files;
  DiagnosticList &Diags;
  ValidatorOptions Options;
  llvm::StringMap<unsigned> EventIndex;
  std::vector<bool> Seen;
  /// Whether the schema has the resilience contract, whose records are
  /// recognized by resilience_event too.
  bool HasResilienceEvents = false;
  JsonLine Record;
  ValidationStats Stats;
  Location FirstUnlisted;
};

} // namespace validate
} // namespace telegen

#endif
