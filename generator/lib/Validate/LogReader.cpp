//===- LogReader.cpp - The lines of a log file, in bounded memory ---------===//
#include "Validate/LogReader.h"

#include <cstring>

using namespace llvm;

namespace telegen {
namespace validate {
namespace {

constexpr size_t ChunkBytes = 64 * 1024;

} // namespace

Expected<LogReader> LogReader::open(StringRef Path) {
  Expected<sys::fs::file_t> File = sys::fs::openNativeFileForRead(Path);
  if (!File) {
    std::error_code EC = errorToErrorCode(File.takeError());
    return createStringError(EC, "cannot read '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  sys::fs::file_status Status;
  if (!sys::fs::status(*File, Status) &&
      Status.type() == sys::fs::file_type::directory_file) {
    sys::fs::closeFile(*File);
    return createStringError(std::errc::is_a_directory,
                             "cannot read '%s': it is a directory",
                             Path.str().c_str());
  }
  return LogReader(Path.str(), *File);
}

LogReader::LogReader(std::string Path, sys::fs::file_t File)
    : Path(std::move(Path)), File(File), Buffer(MaxLineBytes + ChunkBytes) {}

LogReader::LogReader(LogReader &&Other)
    : Path(std::move(Other.Path)), File(Other.File),
      Buffer(std::move(Other.Buffer)), Begin(Other.Begin), End(Other.End),
      LineNumber(Other.LineNumber), AtEnd(Other.AtEnd),
      ReadError(Other.ReadError) {
  Other.File = sys::fs::kInvalidFile;
}

LogReader::~LogReader() {
  if (File != sys::fs::kInvalidFile)
    sys::fs::closeFile(File);
}

bool LogReader::fill() {
  if (AtEnd)
    return false;
  // Keep the pending bytes at the front, so a line is contiguous.
  if (Begin > 0) {
    std::memmove(Buffer.data(), Buffer.data() + Begin, End - Begin);
    End -= Begin;
    Begin = 0;
  }
  size_t Room = std::min(ChunkBytes, Buffer.size() - End);
  Expected<size_t> Read = sys::fs::readNativeFile(
      File, MutableArrayRef<char>(Buffer.data() + End, Room));
  if (!Read) {
    ReadError = errorToErrorCode(Read.takeError());
    AtEnd = true;
    return false;
  }
  if (*Read == 0) {
    AtEnd = true;
    return false;
  }
  End += *Read;
  return true;
}

bool LogReader::next(LogLine &Out) {
  Out = LogLine();
  size_t Scanned = Begin;
  while (true) {
    const char *Start = Buffer.data() + Scanned;
    const void *Feed = std::memchr(Start, '\n', End - Scanned);
    if (Feed) {
      size_t At = static_cast<const char *>(Feed) - Buffer.data();
      Out.Number = ++LineNumber;
      Out.Length = At - Begin;
      Out.TooLong = Out.Length > MaxLineBytes;
      if (!Out.TooLong) {
        Out.Text = StringRef(Buffer.data() + Begin, At - Begin);
        if (Out.Text.ends_with("\r"))
          Out.Text = Out.Text.drop_back();
      }
      Begin = At + 1;
      return true;
    }
    Scanned = End;
    if (End - Begin >= MaxLineBytes) {
      // Too long to keep: count its bytes up to the line feed.
      size_t Length = End - Begin;
      Begin = End;
      while (true) {
        if (!fill()) {
          Out.Terminated = false;
          break;
        }
        const void *Found =
            std::memchr(Buffer.data() + Begin, '\n', End - Begin);
        if (Found) {
          size_t At = static_cast<const char *>(Found) - Buffer.data();
          Length += At - Begin;
          Begin = At + 1;
          break;
        }
        Length += End - Begin;
        Begin = End;
      }
      Out.Number = ++LineNumber;
      Out.Length = Length;
      Out.TooLong = true;
      return true;
    }
    size_t Offset = Scanned - Begin;
    if (!fill()) {
      if (End == Begin)
        return false;
      Out.Number = ++LineNumber;
      Out.Text = StringRef(Buffer.data() + Begin, End - Begin);
      Out.Length = End - Begin;
      Out.Terminated = false;
      Begin = End;
      return true;
    }
    Scanned = Begin + Offset;
  }
}

Error LogReader::takeError() {
  if (!ReadError)
    return Error::success();
  return createStringError(ReadError, "cannot read '%s': %s", Path.c_str(),
                           ReadError.message().c_str());
}

} // namespace validate
} // namespace telegen
