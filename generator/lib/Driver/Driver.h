//===- Driver.h - telegen's command-line entry point ------------*- C++ -*-===//
#ifndef TELEGEN_DRIVER_DRIVER_H
#define TELEGEN_DRIVER_DRIVER_H

namespace telegen {

/// Parses `telegen <command> [options]` and runs the command.
/// Returns the process exit code.
int telegenMain(int Argc, const char **Argv);

} // namespace telegen

#endif
