//===- SourceFiles.h - The text of the files findings point into -*- C++
//-*-===//
//
// Owns the buffers a command reads, converts llvm::SourceMgr locations to
// plain Locations, and gives renderers the source line to quote under a
// finding.
//
// Not thread-safe.
//
// Usage:
//   SourceFiles Files;
//   unsigned Id = Files.add(std::move(Buffer));
//   Location Loc = Files.locate(Node->getSourceRange());
//   std::optional<StringRef> Text = Files.line(Loc.File, Loc.Line);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_SOURCEFILES_H
#define TELEGEN_SUPPORT_SOURCEFILES_H

#include "Support/Diagnostic.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace telegen {

class SourceFiles {
public:
  /// Adds a buffer and returns its SourceMgr id. The buffer's identifier is
  /// the file name findings show.
  unsigned add(std::unique_ptr<llvm::MemoryBuffer> Buffer);

  llvm::SourceMgr &sourceMgr() { return SM; }

  /// The location of a range; a range spanning lines is highlighted to the
  /// end of its first line.
  Location locate(llvm::SMRange Range) const;
  Location locate(llvm::SMLoc Loc) const;

  /// A line's text without its line break; nullopt for unknown files or
  /// lines.
  std::optional<llvm::StringRef> line(llvm::StringRef File,
                                      unsigned Line) const;

  /// File names in the order they were added.
  const std::vector<std::string> &names() const { return Names; }

private:
  // Finding a line caches line offsets: a const lookup updates the cache.
  mutable llvm::SourceMgr SM;
  llvm::StringMap<unsigned> IdByName;
  std::vector<std::string> Names;
};

} // namespace telegen

#endif
