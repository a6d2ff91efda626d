// Opening files and standard input as ByteStreams. A working-tree file is
// opened with O_NOFOLLOW | O_NONBLOCK and re-checked with fstat, so a path
// swapped for a symlink or FIFO after the walk is never read; a path the user
// named on the command line may be a FIFO or a character device
// (`rekey scan <(cmd)`, `/dev/stdin`) and is read to its end. Every byte is
// read() into the caller's buffer: a mapping of a file that another process
// truncates would raise SIGBUS.
//
// Thread-safety: one stream per thread.
//
//   Opened opened = OpenFile("src/a.cc", {});
//   if (opened.status == OpenStatus::kOk) Scan(*opened.stream);
#ifndef REKEY_SOURCE_FILE_STREAM_H_
#define REKEY_SOURCE_FILE_STREAM_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/source/source.h"

namespace rekey {

struct FileOpenOptions {
  std::uint64_t max_size = 0;  // larger regular files are kTooLarge; 0 = no limit
  bool named = false;          // named on the command line: follow a symlink, read a FIFO or char device
};

Opened OpenFile(const std::string& path, const FileOpenOptions& options);

// Standard input, read to its end.
Opened OpenStdin();

// `prefix` (already read from `rest`) followed by the rest of `rest`.
class PrefixedStream : public ByteStream {
 public:
  PrefixedStream(std::string_view prefix, ByteStream& rest) : prefix_(prefix), rest_(rest) {}
  std::size_t Read(char* buffer, std::size_t max) override;
  std::string error() const override { return rest_.error(); }
  // Seeks the underlying stream (the prefix is its beginning) and drops the prefix.
  std::int64_t Seek(std::int64_t offset, int whence) override;

 private:
  std::string_view prefix_;
  ByteStream& rest_;
};

}  // namespace rekey

#endif  // REKEY_SOURCE_FILE_STREAM_H_
