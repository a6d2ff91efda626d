// Source: what a scan reads, whatever it is — a working tree, standard input,
// git history, a range, the index, a container image. A source lists units of
// work (content read once, reported at each of its places) and gives each
// scanning thread a reader that opens a unit as a stream of bytes. The scanner
// (rekey/scan/scanner.h) is one pipeline over any source: list → read each
// unit once → unpack archives, decode encoded spans → match → findings at
// every place → sink. Adding a source is one file implementing this header.
//
// Errors: a problem that stops the whole source (not a repository, an unknown
// revision) is List()'s Error; a problem with a part of it (an unreadable
// directory, a missing object) goes into SourceListing::errors and the scan
// goes on, then exits 2. A unit that cannot be opened says so in Opened.
//
// Thread-safety: List is called once, before any reader; each UnitReader and
// each stream it returns is used by one thread.
//
//   class OneBlob : public Source {          // the smallest source: one string
//     Result<SourceListing> List() override { ... one unit, FileOrigin{"x"} ... }
//     std::unique_ptr<UnitReader> NewReader() override { ... MemoryStream ... }
//   };
#ifndef REKEY_SOURCE_SOURCE_H_
#define REKEY_SOURCE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/source/provenance.h"
#include "rekey/source/walk.h"

namespace rekey {

// Bytes of one unit (or of an archive entry, or decoded text), pulled in pieces.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Copies up to `max` bytes into `buffer` and returns how many; 0 at the end
  // and after a failure (then error() says what).
  virtual std::size_t Read(char* buffer, std::size_t max) = 0;
  virtual std::string error() const { return ""; }
  // Moves to `offset` (whence: SEEK_SET, SEEK_CUR, SEEK_END) and returns the
  // new position, or -1 when the stream cannot seek (a pipe, an archive
  // entry). Formats that keep their index at the end (7z) need it.
  virtual std::int64_t Seek(std::int64_t /*offset*/, int /*whence*/) { return -1; }
};

// A stream over bytes the caller keeps alive.
class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
  std::size_t Read(char* buffer, std::size_t max) override;
  std::int64_t Seek(std::int64_t offset, int whence) override;

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// 1-based line numbers, first..last inclusive.
struct LineSpan {
  int first = 0;
  int last = 0;
};

// One place that holds a unit's content.
struct Place {
  Provenance provenance;
  // Staged changes: report only findings on these lines (sorted), unless the
  // scan asks for whole files. Empty with only_added = a pure rename: nothing.
  bool only_added = false;
  std::vector<LineSpan> added;
};

struct SourceUnit {
  std::string content_id;     // equal ids = equal content, read once ("" = unknown)
  std::string name;           // the content's file name ("x.jar"), for messages
  std::vector<Place> places;  // at least one
  std::uint64_t cookie = 0;   // the source's own (an index into its tables, a flag)
};

struct SourceListing {
  std::vector<SourceUnit> units;
  // True when units come in report order with one place each (a tree walk):
  // findings can then be written as soon as a unit and those before it are done.
  bool in_report_order = false;
  std::vector<SourceError> errors;
  // What the listing counted (ScanStats takes them over).
  std::uint64_t skipped_special = 0;  // symlinks, FIFOs, sockets, devices met while walking
  std::uint64_t skipped_ignored = 0;  // untracked paths an ignore file or --exclude matched
  std::uint64_t commits = 0;          // git: commits walked
  std::uint64_t appearances = 0;      // git: (commit, path) pairs holding a listed blob
  std::uint64_t objects_missing = 0;  // git: missing or corrupt commits and trees
  std::vector<std::string> warnings;  // said once on stderr (e.g. excludes removed every path)
};

enum class OpenStatus {
  kOk,        // stream holds the content
  kTooLarge,  // over --max-file-size: skipped, counted
  kSpecial,   // no longer a regular file: skipped, counted
  kError,     // could not be read: `error` says why (a finding of the summary, exit 2)
};

struct Opened {
  OpenStatus status = OpenStatus::kError;
  std::unique_ptr<ByteStream> stream;
  std::uint64_t size = 0;  // when known (0 = unknown)
  std::string error;
  bool missing = false;  // git: the object is absent or corrupt
};

class UnitReader {
 public:
  virtual ~UnitReader() = default;
  // Opens one unit; the stream is valid until the next Open on this reader.
  virtual Opened Open(const SourceUnit& unit) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual Result<SourceListing> List() = 0;
  virtual std::unique_ptr<UnitReader> NewReader() = 0;

  // A source whose places depend on what is inside its units (an image layer's
  // entries are deleted by whiteouts in later layers) asks for the names of
  // each unit's top-level archive entries, and adjusts the provenance of each
  // finding once every unit is scanned (`entries` is indexed like the units).
  virtual bool WantsEntryNames() const { return false; }
  virtual void AdjustProvenance(std::size_t /*unit*/, const std::vector<std::vector<std::string>>& /*entries*/,
                                Provenance& /*provenance*/) const {}
};

}  // namespace rekey

#endif  // REKEY_SOURCE_SOURCE_H_
