//===- OutputFile.cpp - Writing generated files ---------------------------===//
#include "Driver/OutputFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {

bool writeIfChanged(StringRef Path, StringRef Contents) {
  if (auto Existing = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false))
    if ((*Existing)->getBuffer() == Contents)
      return true;
  StringRef Directory = sys::path::parent_path(Path);
  if (!Directory.empty())
    if (std::error_code EC = sys::fs::create_directories(Directory)) {
      WithColor::error(errs(), "telegen") << "cannot create directory '"
                                          << Directory << "': " << EC.message() << "\n";
      return false;
    }
  // Write beside the target and rename, so a reader never sees half a file.
  SmallString<256> Temporary(Path);
  Temporary += ".tmp%%%%%%";
  int FD;
  SmallString<256> TemporaryPath;
  if (std::error_code EC =
          sys::fs::createUniqueFile(Temporary, FD, TemporaryPath)) {
    WithColor::error(errs(), "telegen") << "cannot write '" << Path
                                        << "': " << EC.message() << "\n";
    return false;
  }
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.close();
    if (OS.has_error()) {
      WithColor::error(errs(), "telegen") << "cannot write '" << Path
                                          << "': " << OS.error().message() << "\n";
      OS.clear_error();
      sys::fs::remove(TemporaryPath);
      return false;
    }
  }
  if (std::error_code EC = sys::fs::rename(TemporaryPath, Path)) {
    WithColor::error(errs(), "telegen") << "cannot write '" << Path
                                        << "': " << EC.message() << "\n";
    sys::fs::remove(TemporaryPath);
    return false;
  }
  return true;
}

void removeStaleOutput(StringRef Path) {
  if (!Path.empty())
    sys::fs::remove(Path);
}

} // namespace telegen
