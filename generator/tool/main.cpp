//===- main.cpp - The telegen executable ----------------------------------===//
#include "Driver/Driver.h"

#include "llvm/Support/InitLLVM.h"

int main(int Argc, const char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  return telegen::telegenMain(Argc, Argv);
}
