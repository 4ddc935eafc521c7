//===- ModelFiles.cpp - The models of a target's sources ------------------===//
#include "Driver/ModelFiles.h"
#include "Instrument/InstrumentModel.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {

std::optional<std::vector<ModelFile>>
readModelFiles(ArrayRef<std::string> Paths) {
  std::vector<ModelFile> Models;
  for (const std::string &Path : Paths) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
    if (!Text) {
      WithColor::error(errs(), "telegen")
          << "cannot read '" << Path << "': " << Text.getError().message()
          << "\n";
      return std::nullopt;
    }
    Expected<json::Object> Model = parseModel((*Text)->getBuffer(), Path);
    if (!Model) {
      WithColor::error(errs(), "telegen")
          << toString(Model.takeError()) << "\n";
      return std::nullopt;
    }
    Models.push_back({Path, std::move(*Model)});
  }
  return Models;
}

} // namespace telegen
