//===- CppNames.h - The C++ names generated code gives a schema -*- C++ -*-===//
//
// Label values, label names and metric names become C++ identifiers in
// generated headers (enumerators, enum classes, handles, tables). The
// mapping and the naming conventions live here, shared by the check that
// reports collisions (Check/CppIdentifiers.cpp) and the view model the
// templates render (Generate/MetricsView.cpp), so both agree by
// construction. docs/metrics.md describes the mapping.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_CPPNAMES_H
#define TELEGEN_CHECK_CPPNAMES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace telegen {
namespace cppnames {

/// The identifier Text becomes: runs of characters other than
/// [A-Za-z0-9_] become one '_', runs of '_' collapse, leading and trailing
/// '_' go, a leading digit gets a '_' before it, and a reserved word gets a
/// '_' after it ("2xx" -> "_2xx", "/orders/{id}" -> "orders_id",
/// "default" -> "default_"). Empty when Text has no letter or digit.
std::string identifier(llvm::StringRef Text);

/// C++ keywords (up to C++20), alternative tokens ("and"), and names the C
/// library or GCC's GNU modes define as object-like macros ("NULL", "EOF",
/// "errno", "linux", "unix", "i386").
bool isReservedWord(llvm::StringRef Word);

/// "ns" or "outer::inner": identifiers that are not reserved words.
bool isNamespaceName(llvm::StringRef Name);

// What generated code declares for a schema's items, from their
// identifiers.

/// The type of a metric's handle: "http_requests_total_t".
std::string handleType(llvm::StringRef MetricId);
/// An enumerated label's strings: "method_values".
std::string valuesArray(llvm::StringRef LabelId);
/// An enumerated label's LabelDescriptor: "method_label".
std::string labelDescriptor(llvm::StringRef LabelId);
/// A metric's table of a dynamic label's values:
/// "tenant_requests_total_tenant".
std::string dynamicTable(llvm::StringRef MetricId, llvm::StringRef LabelId);

/// Names generated code uses in every namespace it writes to ("std",
/// "telegen_detail"), with why, for findings.
struct ReservedName {
  llvm::StringRef Name;
  llvm::StringRef Use;
};
llvm::ArrayRef<ReservedName> namespaceReserved();
/// Names of telegen_detail's own ("storage", "Layout", ...).
llvm::ArrayRef<ReservedName> detailReserved();
/// Members and arguments of every metric handle ("value", "add", ...),
/// which a label's argument or enum class must not shadow.
llvm::ArrayRef<ReservedName> handleReserved();

/// The text of a C++ string literal (without quotes) that reads as Text:
/// '\\', '"' and control characters escaped.
std::string escapeString(llvm::StringRef Text);

/// A C++ double literal that reads back as Value, as short as possible
/// ("0.005", "1", "2.5", "1e+20").
std::string doubleLiteral(double Value);

} // namespace cppnames
} // namespace telegen

#endif
