// Private to scan: the incremental scan state (`rekey scan --state FILE|DIR`)
// — per repository, the commits the last complete history scan started from,
// the blobs it read clean, and the blobs it found something in with their
// places — under one identity (the rules and the options that decide what a
// blob's scan finds). A state of another identity is not used (everything is
// read again) and is replaced.
//
// File format (binary, little-endian; documented in the README):
//   "REKEYSTATE\n" (11 bytes), u32 version (1), u64 payload size, the
//   payload's SHA-256 (64 hex digits), then the payload:
//   str identity, u32 repositories, each: str name, u64 commits, u8 complete,
//   u32 n + n x 20-byte tips, u32 n + n x 20-byte clean blob ids (sorted),
//   u32 n + n x (20-byte blob id, u32 m + m x (str path, str ref, 20-byte
//   commit, u32 commits)); str = u32 length + bytes.
// A file that is not this (bad magic, a version this rekey does not know, a
// wrong size or checksum, a field past the end) is "damaged": an Error that
// says so, unless the caller asked to start over.
//
// Written atomically (base/atomic_file.h), mode 0600: a blob list is no
// secret, but paths and commit ids of findings are where secrets are.
//
// Thread-safety: plain values; Load and Save touch only their file.
#ifndef REKEY_SCAN_SCAN_STATE_H_
#define REKEY_SCAN_SCAN_STATE_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/source/provenance.h"

namespace rekey {

using ObjectId = std::array<unsigned char, 20>;

// "0123…" (40 hex digits) -> bytes; false for anything else.
bool ParseObjectId(const std::string& hex, ObjectId& id);
std::string ObjectIdHex(const ObjectId& id);

struct RepoState {
  std::uint64_t commits = 0;  // commits of the whole history at the last scan
  bool complete = false;      // that scan read everything: the next may walk only new commits
  std::vector<ObjectId> tips;
  std::vector<ObjectId> clean;  // sorted
  struct FindingBlob {
    ObjectId id;
    std::vector<GitOrigin> places;  // path, ref, commit, commits
  };
  std::vector<FindingBlob> findings;

  bool IsClean(const ObjectId& id) const;
};

class ScanState {
 public:
  // The state at `path` for `identity`: empty when the file does not exist
  // or was made under another identity (`stale` then says so); an Error when
  // it is damaged.
  static Result<ScanState> Load(const std::string& path, const std::string& identity);

  static ScanState Empty(const std::string& identity);

  Status Save(const std::string& path) const;

  RepoState* Find(const std::string& repository);
  RepoState& Put(const std::string& repository, RepoState state);

  bool stale() const { return stale_; }

 private:
  std::string identity_;
  std::map<std::string, RepoState> repos_;
  bool stale_ = false;
};

}  // namespace rekey

#endif  // REKEY_SCAN_SCAN_STATE_H_
