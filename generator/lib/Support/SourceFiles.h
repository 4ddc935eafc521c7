//===- SourceFiles.h - The text of the files findings point into -*- C++
//-*-===//
//
// Owns the buffers a command reads (or single lines of files too large to
// keep, such as logs), converts llvm::SourceMgr locations to plain
// Locations, and gives renderers the source line to quote under a finding.
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

#include <map>
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

  /// Keeps one line of a file too large to hold whole (a log), for
  /// findings that quote it. The file is added to names() on first use.
  void addLine(llvm::StringRef File, unsigned Line, llvm::StringRef Text);

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
  /// Lines kept by addLine, by file and line number.
  std::map<std::pair<std::string, unsigned>, std::string> Lines;
};

} // namespace telegen

#endif
