//===- LogReader.h - The lines of a log file, in bounded memory -*- C++ -*-===//
//
// Reads a JSONL file in chunks and hands out its lines one at a time, so a
// log of any size is read in at most MaxLineBytes plus a chunk of memory.
// A line longer than MaxLineBytes is not kept: it is reported as too long
// (with its length) and skipped. A last line without a line feed is marked,
// since a writer that crashed or is still writing leaves one.
//
// Not thread-safe.
//
// Usage:
//   Expected<LogReader> Reader = LogReader::open("logs/system.jsonl");
//   LogLine Line;
//   while (Reader->next(Line))
//     if (!Line.TooLong) validate(Line.Number, Line.Text);
//   if (Error E = Reader->takeError()) ...
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_LOGREADER_H
#define TELEGEN_VALIDATE_LOGREADER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace telegen {
namespace validate {

/// Lines longer than this are reported and skipped (1 MiB).
constexpr size_t MaxLineBytes = 1 << 20;

struct LogLine {
  /// 1-based.
  unsigned Number = 0;
  /// Without the line feed (and a carriage return before it). Valid until
  /// the next call to next(); empty when TooLong.
  llvm::StringRef Text;
  /// Bytes in the line, line feed excluded.
  size_t Length = 0;
  bool TooLong = false;
  /// False for a last line that has no line feed.
  bool Terminated = true;
};

class LogReader {
public:
  static llvm::Expected<LogReader> open(llvm::StringRef Path);
  LogReader(LogReader &&Other);
  LogReader &operator=(LogReader &&) = delete;
  ~LogReader();

  /// The next line; false at the end of the file or on a read error.
  bool next(LogLine &Out);
  /// The read error that ended next(), if any.
  llvm::Error takeError();

private:
  LogReader(std::string Path, llvm::sys::fs::file_t File);
  /// Reads more bytes after the pending ones; false at the end or on error.
  bool fill();

  std::string Path;
  llvm::sys::fs::file_t File;
  std::vector<char> Buffer;
  size_t Begin = 0; // pending bytes are [Begin, End)
  size_t End = 0;
  unsigned LineNumber = 0;
  bool AtEnd = false;
  std::error_code ReadError;
};

} // namespace validate
} // namespace telegen

#endif
