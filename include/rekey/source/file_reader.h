// FileReader: reads one working-tree file at a time into a buffer it reuses, so
// a scanning thread allocates only when a file is larger than any before it.
// Every file is read() into that buffer, big ones too: a mapping of a file
// that another process truncates while it is scanned raises SIGBUS on the
// next access, and rekey must not crash whatever happens to the tree. Binary
// files (a NUL byte in the first kBinaryProbe bytes) and files over the size
// limit are reported, not read whole. The file is opened with O_NOFOLLOW |
// O_NONBLOCK and re-checked with fstat, so a path swapped for a symlink or
// FIFO after the walk is never read.
//
// Thread-safety: one FileReader per thread.
//
//   FileReader reader(kDefaultMaxFileSize);
//   FileRead read = reader.Read("src/a.cc");
//   if (read.status == ReadStatus::kOk) Scan(read.content);
#ifndef REKEY_SOURCE_FILE_READER_H_
#define REKEY_SOURCE_FILE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/base/page_buffer.h"

namespace rekey {

inline constexpr std::size_t kBinaryProbe = 8 << 10;  // bytes checked for NUL
// Files above this size are read with sequential read-ahead advice.
inline constexpr std::uint64_t kMapThreshold = 1ull << 20;

enum class ReadStatus {
  kOk,        // content holds the whole file
  kBinary,    // NUL byte in the first kBinaryProbe bytes: skipped
  kTooLarge,  // grew past the limit since the walk: skipped
  kSpecial,   // no longer a regular file: skipped
  kError,     // could not be opened or read: error holds strerror text
};

struct FileRead {
  ReadStatus status = ReadStatus::kError;
  std::string_view content;  // valid until the next Read on the same reader
  std::string error;
};

class FileReader {
 public:
  explicit FileReader(std::uint64_t max_file_size) : max_file_size_(max_file_size) {}
  ~FileReader() = default;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  FileRead Read(const std::string& path);

 private:
  std::uint64_t max_file_size_;
  PageBuffer buffer_;  // not zero-filled when it grows; huge pages once large
};

}  // namespace rekey

#endif  // REKEY_SOURCE_FILE_READER_H_
