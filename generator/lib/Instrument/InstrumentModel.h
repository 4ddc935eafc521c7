//===- InstrumentModel.h - What telegen instruments in one TU ---*- C++ -*-===//
//
// The matchers fill this plain model; the rewriter and the JSON dump read it.
// Functions are kept in source order so output is deterministic.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_INSTRUMENTMODEL_H
#define TELEGEN_INSTRUMENT_INSTRUMENTMODEL_H

#include "Instrument/SpanAnnotation.h"

#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace telegen {

/// How a C++ value is recorded as a span attribute.
enum class ValueKind { String, Int, Double, Bool, Duration, Enum };
llvm::StringRef valueKindName(ValueKind Kind);

struct InstrumentedAttribute {
  std::string Key;
  /// The C++ expression that reads the value, e.g. `order.id()`.
  std::string Expression;
  /// The expression's type as written by Clang, for reports.
  std::string CppType;
  ValueKind Kind = ValueKind::String;
  /// For enums: enumerator names and the constant that names them, so the
  /// recorded value is the enumerator's name rather than a number. Empty when
  /// the type is only known at instantiation (templates).
  std::vector<std::pair<std::string, std::string>> Enumerators;
  /// For enums: the fully qualified enum type.
  std::string EnumType;
  /// The type is dependent: classified when the template is instantiated.
  bool Dependent = false;
  /// The schema declares the attribute redacted: the value is never read,
  /// a placeholder is recorded.
  bool Redacted = false;
};

/// How the returned value decides the span's status (status = result).
enum class ResultStatus { None, Bool, Optional, Expected, ErrorCode };
llvm::StringRef resultStatusName(ResultStatus Status);

/// A `return` whose value the rewriter passes through the span.
struct ReturnSite {
  unsigned ValueBegin = 0; ///< file offset of the returned expression
  unsigned ValueEnd = 0;   ///< one past its last character
  /// The value names a local or parameter: it is moved, as a plain `return`
  /// would have done implicitly.
  bool MoveLocal = false;
  /// The value is a braced initializer list (`return {a, b};`), which needs
  /// the return type spelled to become an expression.
  bool Braced = false;
};

enum class InstrumentOrigin { Annotation, Rule };

/// A co_await or co_yield of an instrumented coroutine's body: the operand
/// is evaluated in the coroutine's context, the thread gets its own context
/// back before the suspension and the coroutine's after it.
struct SuspensionSite {
  unsigned KeywordBegin = 0; ///< file offset of `co_await` / `co_yield`
  unsigned OperandBegin = 0; ///< file offset of the operand
  unsigned End = 0;          ///< one past the operand's last character
  /// The expression has type void: its value is not passed through.
  bool Void = false;
  /// How many suspension points enclose this one (`co_await co_await x`).
  unsigned Depth = 0;
};

/// How a message holds the trace context a producer writes and its
/// consumer reads: one string field (telegen::inject_field) or a string map.
enum class CarrierForm { Field, Map };
llvm::StringRef carrierFormName(CarrierForm Form);

/// The message member named by TELEGEN_PRODUCER / TELEGEN_CONSUMER's
/// `carrier = ...`.
struct MessageCarrier {
  /// The C++ expression that reaches it, e.g. `job.trace_context`.
  std::string Expression;
  std::string CppType;
  CarrierForm Form = CarrierForm::Field;
  /// The type is only known at instantiation: the runtime picks the form.
  bool Dependent = false;
};

struct InstrumentedFunction {
  /// The file holding the body: the main file or a header.
  std::string File;
  std::string QualifiedName;
  std::string SpanName;
  SpanKind Kind = SpanKind::Internal;
  InstrumentOrigin Origin = InstrumentOrigin::Annotation;
  /// Where the definition's name is, 1-based.
  unsigned Line = 0;
  unsigned Column = 0;
  /// Offsets in File of the body's braces.
  unsigned BodyBegin = 0;
  unsigned BodyEnd = 0;
  std::vector<InstrumentedAttribute> Attributes;
  ResultStatus Status = ResultStatus::None;
  /// The fully qualified return type, spelled for generated code.
  std::string ReturnType;
  std::vector<ReturnSite> Returns;
  /// Exceptions can leave the function (not noexcept, exceptions enabled):
  /// the body is wrapped to record them.
  bool RecordExceptions = false;
  bool IsTemplate = false;
  /// A coroutine: the span lives in its frame (CoroutineSpan), returns are
  /// co_returns, and every suspension point is rewritten.
  bool Coroutine = false;
  std::vector<SuspensionSite> Suspensions;
  /// A producer writes its span's context into the carrier; a consumer's
  /// span is a child of the context read from it, and links to it.
  std::optional<MessageCarrier> Carrier;
};

/// A context boundary: a call whose callable runs elsewhere (another thread,
/// a pool, an Asio executor), that spawns a coroutine or that starts a child
/// process.
enum class BoundaryKind { Thread, Async, Executor, Process, Spawn };
llvm::StringRef boundaryKindName(BoundaryKind Kind);

/// A call site rewritten so the trace and request context cross a boundary:
/// the text from Begin to End is wrapped in Prefix ... Suffix, or replaced by
/// Prefix when Replace is set.
struct WrappedCall {
  std::string File;
  BoundaryKind Kind = BoundaryKind::Thread;
  /// What is called, qualified: "std::thread", "pool::Pool::submit".
  std::string Callee;
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Begin = 0;
  unsigned End = 0;
  std::string Prefix;
  std::string Suffix;
  bool Replace = false;
};

/// A function a schema rule matches that is not instrumented: it cannot
/// carry a span, or it is smaller than the rule's min_size.
struct SkippedFunction {
  std::string File;
  std::string QualifiedName;
  unsigned Line = 0;
  std::string Reason;
};

/// What one schema rule did in this translation unit, for the check that
/// each rule instruments something in its target (`telegen check-rules`).
struct RuleUsage {
  unsigned Instrumented = 0;
  /// Below the rule's min_size.
  unsigned TooSmall = 0;
  /// Cannot carry a span (constexpr, a coroutine, ...).
  unsigned NotInstrumentable = 0;
  /// Definitions in system headers the rule would match, which telegen
  /// leaves alone; looked for only when it matched nothing else here. The
  /// first one is named.
  unsigned InSystemHeaders = 0;
  std::string SystemHeaderFunction;
  std::string SystemHeaderFile;

  bool matchedProjectCode() const {
    return Instrumented + TooSmall + NotInstrumentable > 0;
  }
};

struct InstrumentModel {
  /// The main file as Clang opened it, made absolute.
  std::string MainFile;
  /// Sorted by file, then BodyBegin.
  std::vector<InstrumentedFunction> Functions;
  /// Sorted by Begin.
  std::vector<WrappedCall> Calls;
  std::vector<SkippedFunction> Skipped;
  /// One per schema rule, in the schema's order.
  std::vector<RuleUsage> Rules;

  bool empty() const { return Functions.empty() && Calls.empty(); }
};

/// The model as JSON, for --emit=model-json and tests.
llvm::json::Value toJSON(const InstrumentModel &Model);

/// A model as `telegen instrument --model` wrote it (ModelText), for the
/// checks across a target's sources; ModelName names it in errors.
llvm::Expected<llvm::json::Object> parseModel(llvm::StringRef ModelText,
                                              llvm::StringRef ModelName);

/// The error for a model file that does not hold what telegen wrote.
llvm::Error notAModel(llvm::StringRef ModelName, const llvm::Twine &Why);

} // namespace telegen

#endif
