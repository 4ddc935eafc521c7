//===- OutputFiles.cpp - Writing generated files, only when changed -------===//
#include "Generate/OutputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {
namespace generate {

Expected<bool> writeIfChanged(StringRef Path, StringRef Content) {
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Existing =
          MemoryBuffer::getFile(Path, /*IsText=*/false,
                                /*RequiresNullTerminator=*/false))
    if ((*Existing)->getBuffer() == Content)
      return false;
  StringRef Parent = sys::path::parent_path(Path);
  if (!Parent.empty())
    if (std::error_code EC = sys::fs::create_directories(Parent))
      return createFileError(Parent, EC);
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        OS << Content;
        return Error::success();
      }))
    return createFileError(Path, std::move(E));
  return true;
}

} // namespace generate
} // namespace telegen
