//===- Reporting.h - --format and --werror for commands that report -*- C++
//-*-===//
//
// Commands that report findings (check, diff, and later validate-events and
// instrument) share these options and this exit-code policy: 0 when clean,
// 1 when there are errors (or warnings under --werror).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_REPORTING_H
#define TELEGEN_DRIVER_REPORTING_H

#include "Support/Diagnostic.h"
#include "Support/Render.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"

namespace telegen {

/// The values of a command's --format option.
llvm::cl::ValuesClass outputFormatValues();

constexpr const char *FormatHelp =
    "Output format: text (clang-style, to stderr), json, sarif or github "
    "(to stdout)";
constexpr const char *WerrorHelp = "Treat warnings as errors (exit 1)";

/// Sorts and renders findings (text to stderr, other formats to stdout) and
/// returns the command's exit code.
int reportFindings(DiagnosticList &Diags, const SourceFiles &Files,
                   llvm::ArrayRef<const CheckInfo *> Checks,
                   OutputFormat Format, bool Werror);

} // namespace telegen

#endif
