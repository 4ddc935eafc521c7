//===- SpanCodeEmitter.cpp - The code inserted into a function ------------===//
#include "Instrument/SpanCodeEmitter.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {

std::string cppStringLiteral(StringRef Text) {
  std::string Out = "\"";
  for (unsigned char C : Text) {
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else if (C < 0x20 || C == 0x7F) {
      Out += formatv("\\{0:o3}", static_cast<unsigned>(C)).str();
    } else {
      Out += static_cast<char>(C);
    }
  }
  return Out + "\"";
}

/// The runtime's enumerator has the schema's spelling.
static std::string runtimeKind(SpanKind Kind) {
  return "::telegen::SpanKind::" + schema::name(Kind).str();
}

std::string emitSpanPrologue(const InstrumentedFunction &F, StringRef FilePath) {
  std::string Out;
  raw_string_ostream OS(Out);
  // Enumerator names, so an enum attribute records "eu_west", not 3.
  for (size_t I = 0; I < F.Attributes.size(); ++I) {
    const InstrumentedAttribute &A = F.Attributes[I];
    if (A.Kind != ValueKind::Enum || A.Dependent || A.Enumerators.empty())
      continue;
 OS << "static constexpr ::telegen::detail::EnumName<" << A.EnumType
       << "> telegen_enum_" << I << "_[] = {";
    for (const auto &[Name, Constant] : A.Enumerators)
      OS << "{" << Constant << ", " << cppStringLiteral(Name) << "}, ";
    OS << "};\n";
  }
  if (!F.Attributes.empty()) {
    OS << "static constexpr ::std::string_view telegen_keys_[] = {";
    for (size_t I = 0; I < F.Attributes.size(); ++I)
      OS << (I ? ", " : "") << cppStringLiteral(F.Attributes[I].Key);
    OS << "};\n";
  }
  // A consumer's span is a child of the message's context.
  if (F.Carrier && F.Kind == SpanKind::Consumer)
    OS << "const ::telegen::Context telegen_message_ = "
          "::telegen::detail::extract_message("
       << F.Carrier->Expression << ");\n"
       << "::telegen::Scope telegen_message_scope_{telegen_message_};\n";
  OS << "static constexpr ::telegen::detail::SpanSite telegen_site_{"
     << cppStringLiteral(F.SpanName) << ", " << runtimeKind(F.Kind) << ", "
     << cppStringLiteral(F.QualifiedName) << ", " << cppStringLiteral(FilePath)
     << ", " << F.Line << (F.Attributes.empty() ? "" : ", telegen_keys_")
     << "};\n";
  OS << (F.Coroutine ? "::telegen::detail::CoroutineSpan" : "::telegen::SpanGuard")
     << " telegen_span_{telegen_site_};\n";
  for (size_t I = 0; I < F.Attributes.size(); ++I) {
    const InstrumentedAttribute &A = F.Attributes[I];
    OS << "telegen_span_.set_attribute(" << I << ", ";
    if (A.Redacted)
      OS << "\"[REDACTED]\"";
    else if (A.Kind == ValueKind::Enum && !A.Dependent && !A.Enumerators.empty())
      OS << "::telegen::detail::enum_name(" << A.Expression << ", telegen_enum_"
         << I << "_)";
    else if (A.Dependent || A.Kind == ValueKind::Duration ||
             A.Kind == ValueKind::Enum)
      OS << "::telegen::detail::attribute_value(" << A.Expression << ")";
    else
      OS << A.Expression;
    OS << ");\n";
  }
  // The producer's span context travels in the message; the consumer's span
  // also links to it, which stays true when a consumer batches messages.
  if (F.Carrier && F.Kind == SpanKind::Producer)
    OS << "::telegen::detail::inject_message(" << F.Carrier->Expression
       << ");\n";
  else if (F.Carrier)
    OS << "telegen_span_.add_link(telegen_message_.span_context());\n";
  return Out;
}

std::string emitExceptionTryOpen() { return "try {"; }

std::string emitExceptionHandlers() {
  // The site names the function for error tracking, also when the span is
  // not sampled.
  return "} catch (const ::std::exception &telegen_exception_) { "
         "::telegen::detail::exception_escaped(telegen_site_, "
         "telegen_exception_); "
         "telegen_span_.record_exception(telegen_exception_); throw; } "
         "catch (...) { ::telegen::detail::exception_escaped(telegen_site_); "
         "telegen_span_.record_exception(); throw; }";
}

std::string emitReturnPrefix(const InstrumentedFunction &F, const ReturnSite &R) {
  std::string Out = "::telegen::detail::span_result<" + F.ReturnType +
                    ">(telegen_span_, ";
  if (R.MoveLocal)
    Out += "::std::move(";
  if (R.Braced)
    Out += F.ReturnType;
  return Out;
}

std::string emitReturnSuffix(const ReturnSite &R) {
  return R.MoveLocal ? "))" : ")";
}

std::string emitSuspensionOpen() { return "("; }

std::string emitSuspensionOperandPrefix() { return "telegen_span_.leave("; }

std::string emitSuspensionClose(const SuspensionSite &S) {
  return S.Void ? "), telegen_span_.enter())" : "), telegen_span_.resumed())";
}

} // namespace telegen
