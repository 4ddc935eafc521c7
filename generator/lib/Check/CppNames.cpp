//===- CppNames.cpp - The C++ names generated code gives a schema ---------===//
#include "Check/CppNames.h"

#include "Support/Numbers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>

using namespace llvm;

namespace telegen {
namespace cppnames {
namespace {

const StringRef ReservedWords[] = {
    // Keywords of C++20 (so headers stay valid in newer modes).
    "alignas", "alignof", "asm", "auto", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "concept", "const",
    "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
    "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable",
    "namespace", "new", "noexcept", "nullptr", "operator", "private",
    "protected", "public", "register", "reinterpret_cast", "requires", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast",
    "struct", "switch", "template", "this", "thread_local", "throw", "true",
    "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while",
    // Alternative tokens.
    "and", "and_eq", "bitand", "bitor", "compl", "not", "not_eq", "or", "or_eq",
    "xor", "xor_eq",
    // Object-like macros of the C library, and of GCC in GNU modes.
    "NULL", "EOF", "errno", "linux", "unix", "i386"};

const ReservedName NamespaceReserved[] = {
    {"std", "the C++ standard library's namespace"},
    {"telegen_detail", "the namespace of telegen's tables and storage"},
};

const ReservedName DetailReserved[] = {
    {"td", "telegen_detail's alias of ::telegen::detail"},
    {"Layout", "the module's slot counts"},
    {"storage", "the module's storage"},
    {"metrics", "the module's list of metrics"},
    {"registration", "the module's registration"},
    {"dependency_descriptors", "the module's dependencies"},
    {"dependency_states", "the state of the module's dependencies"},
    {"dependency_registration",
     "the registration of the module's dependencies"},
};

const ReservedName HandleReserved[] = {
    {"n", "the amount a counter's add() takes"},
    {"value", "the value a gauge's set() and a histogram's observe() take"},
    {"delta", "the amount a gauge's add() takes"},
    {"labels", "every handle's label list"},
    {"buckets", "a histogram handle's bucket bounds"},
    {"descriptor", "every handle's descriptor"},
    {"inc", "a handle method"},
    {"dec", "a handle method"},
    {"add", "a handle method"},
    {"set", "a handle method"},
    {"observe", "a handle method"},
};

bool isIdentifierChar(char C) { return isAlnum(C) || C == '_'; }

} // namespace

std::string identifier(StringRef Text) {
  std::string Out;
  for (char C : Text) {
    if (isIdentifierChar(C) && C != '_')
      Out += C;
    else if (!Out.empty() && Out.back() != '_')
      Out += '_';
  }
  if (!Out.empty() && Out.back() == '_')
    Out.pop_back();
  if (Out.empty())
    return Out;
  if (isDigit(Out.front()))
    Out.insert(0, "_");
  if (isReservedWord(Out))
    Out += '_';
  return Out;
}

bool isReservedWord(StringRef Word) {
  return is_contained(ReservedWords, Word);
}

bool isNamespaceName(StringRef Name) {
  SmallVector<StringRef, 4> Parts;
  Name.split(Parts, "::");
  return all_of(Parts, [](StringRef Part) {
    return !Part.empty() && !isDigit(Part.front()) &&
           all_of(Part, isIdentifierChar) && !isReservedWord(Part);
  });
}

std::string handleType(StringRef MetricId) { return (MetricId + "_t").str(); }

std::string valuesArray(StringRef LabelId) {
  return (LabelId + "_values").str();
}

std::string labelDescriptor(StringRef LabelId) {
  return (LabelId + "_label").str();
}

std::string dynamicTable(StringRef MetricId, StringRef LabelId) {
  return (MetricId + "_" + LabelId).str();
}

ArrayRef<ReservedName> namespaceReserved() { return NamespaceReserved; }
ArrayRef<ReservedName> detailReserved() { return DetailReserved; }
ArrayRef<ReservedName> handleReserved() { return HandleReserved; }

std::string escapeString(StringRef Text) {
  std::string Out;
  raw_string_ostream OS(Out);
  for (unsigned char C : Text) {
    switch (C) {
    case '\\':
      OS << "\\\\";
      break;
    case '"':
      OS << "\\\"";
      break;
    case '\n':
      OS << "\\n";
      break;
    case '\t':
      OS << "\\t";
      break;
    case '\r':
      OS << "\\r";
      break;
    default:
      // Three octal digits: the escape ends there whatever follows.
      if (C < 0x20 || C == 0x7f)
        OS << '\\' << format("%03o", C);
      else
        OS << C;
    }
  }
  return Out;
}

std::string doubleLiteral(double Value) {
  std::string Text = formatNumber(Value);
  // A whole number is written as an integer literal, which past 15 digits
  // may be too large for every integer type: write those in scientific form.
  if (count_if(Text, isDigit) > 15 &&
      Text.find_first_of(".e") == std::string::npos) {
    char Buffer[64];
    std::to_chars_result R = std::to_chars(
        Buffer, Buffer + sizeof(Buffer), Value, std::chars_format::scientific);
    Text.assign(Buffer, R.ptr);
  }
  return Text;
}

} // namespace cppnames
} // namespace telegen
