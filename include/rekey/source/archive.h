// Archives: the one libarchive adapter. SniffArchive says from a content's
// first bytes whether it is an archive rekey unpacks (zip and its family —
// jar, war, ear, apk, whl, nupkg, docx/xlsx —, tar, 7z, ar/deb, cpio, and the
// compressed streams gzip, bzip2, xz, zstd, lz4 around any of them or around
// plain text); ArchiveReader walks the entries of one archive read from a
// ByteStream, giving each regular entry's bytes as a stream of its own, so a
// nested archive is read from its parent's stream: nothing is extracted to
// disk and entry names (even "../../etc/x" or "/abs") never touch the
// filesystem.
//
// Limits (entries, bytes, compression ratio, time) are the caller's: the
// reader counts what it read (compressed_in / uncompressed_out) so the caller
// can stop a zip bomb.
//
// Thread-safety: one reader per thread; the input stream must outlive it.
//
//   ArchiveReader archive(stream);
//   if (!archive.Open()) return archive.error();
//   ArchiveEntry entry;
//   while (archive.Next(entry)) Scan(entry.name, archive.Data());
//   if (!archive.error().empty()) Report(archive.error());
#ifndef REKEY_SOURCE_ARCHIVE_H_
#define REKEY_SOURCE_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rekey/source/source.h"

namespace rekey {

// What the first bytes of a content are ("" = not an archive rekey reads):
// "zip", "tar", "7z", "ar", "cpio", "gzip", "bzip2", "xz", "zstd", "lz4".
// kArchiveSniffBytes are enough to tell.
inline constexpr std::size_t kArchiveSniffBytes = 512;
std::string_view SniffArchive(std::string_view head);

struct ArchiveEntry {
  std::string name;        // as stored in the archive ("data" for a bare compressed stream)
  std::uint64_t size = 0;  // declared size, 0 when the format does not say
};

class ArchiveReader {
 public:
  explicit ArchiveReader(ByteStream& in);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // Reads the archive's first header; false (error() says why) when it is
  // not an archive libarchive can read after all.
  bool Open();
  // Moves to the next regular file (directories, links and devices are
  // skipped); false at the end, or on damage (then error() is set).
  bool Next(ArchiveEntry& entry);
  // The current entry's bytes; valid until the next Next().
  ByteStream& Data();

  std::string error() const;
  std::string format() const;  // "ZIP 2.0 (deflation)", "POSIX ustar format", ...
  std::uint64_t compressed_in() const;     // bytes read from the input so far
  std::uint64_t uncompressed_out() const;  // entry bytes handed out so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rekey

#endif  // REKEY_SOURCE_ARCHIVE_H_
