// Git sources: the blobs a history, range or staged scan must read, each
// unique blob listed once with every place (path + provenance) that holds it,
// and a per-thread reader for their content. libgit2 stays behind this header.
//
// Modes:
//   kHistory  every blob reachable from all refs (or `refs`). Provenance of a
//             (path, blob) place: the oldest commit (by commit time) whose tree
//             holds that blob at that path, its author and date, and how many
//             walked commits hold it.
//   kRange    "A..B": only places introduced by the commits reachable from B
//             and not from A (new or changed relative to every parent of the
//             commit); provenance as for kHistory, counted over the range.
//   kStaged   the index against HEAD (an unborn HEAD counts as empty): added,
//             modified, renamed and copied files, with the line numbers the
//             staged diff adds (renames are paired first, so a moved file adds
//             nothing). No commit provenance. The index is the one git names in
//             GIT_INDEX_FILE when set (`git commit -a` and `git commit PATH`
//             stage into a temporary index), else the repository's.
//
// Trees are expanded once per (tree id, directory) and counts flow down, so a
// directory that did not change between commits costs nothing more. Blobs
// come out in discovery order (newest commits first, like git's pack writer);
// libgit2 has no public pack-offset order.
//
// Errors: a path that is not in a repository or a revision that does not
// resolve is an Error (usage problem). Missing or corrupt objects (shallow or
// partial clones, damaged packs) are collected in GitListing::errors with
// their ids, counted in `objects_missing`, and skipped; the listing goes on.
//
// Thread-safety: ListGitBlobs is reentrant. One GitBlobReader per thread (each
// opens its own repository handle).
//
//   Result<GitListing> listing = ListGitBlobs({.repo = ".", .mode = GitMode::kHistory});
//   GitBlobReader reader(listing->repo_dir, 0);
//   GitRead read = reader.Read(listing->blobs[0].id);
//
//   std::unique_ptr<Source> source = MakeGitSource({.repo = ".", .mode = GitMode::kHistory}, {});
#ifndef REKEY_SOURCE_GIT_SOURCE_H_
#define REKEY_SOURCE_GIT_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/source/source.h"
#include "rekey/source/walk.h"

namespace rekey {

enum class GitMode { kHistory, kRange, kStaged };

struct GitSourceOptions {
  std::string repo = ".";  // any path inside the repository
  GitMode mode = GitMode::kHistory;
  std::vector<std::string> refs;      // kHistory: revisions to start from; empty = every ref and HEAD
  std::string range;                  // kRange: "A..B" ("A.." means A..HEAD)
  std::vector<std::string> excludes;  // gitignore-style globs, matched against repository paths
};

// One path that holds a blob.
struct GitPlace {
  GitOrigin origin;
  std::vector<LineSpan> added;  // kStaged only: lines the staged diff adds, sorted
};

struct GitBlob {
  std::string id;                // 40 hex digits
  std::vector<GitPlace> places;  // sorted by path, then commit
};

struct GitListing {
  GitMode mode = GitMode::kHistory;
  std::string repo_dir;           // the repository's .git directory, for GitBlobReader
  std::vector<GitBlob> blobs;     // unique blobs, discovery order
  std::uint64_t commits = 0;      // commits walked (kHistory, kRange)
  std::uint64_t places = 0;       // (path, blob) pairs across all blobs
  std::uint64_t appearances = 0;  // (commit, path) pairs holding a listed blob (staged: = places)
  std::uint64_t objects_missing = 0;
  std::vector<SourceError> errors;  // missing or corrupt commits and trees
  double seconds = 0;               // time spent listing
};

Result<GitListing> ListGitBlobs(const GitSourceOptions& options);

// The content of one blob: kOk, kTooLarge (over max_file_size, never
// inflated), or kError with "missing object <id>" or the corruption libgit2
// found.
struct GitRead {
  OpenStatus status = OpenStatus::kError;
  std::string_view content;  // valid until the next Read on the same reader
  bool missing = false;      // kError because the object is absent or corrupt
  std::string error;
};

class GitBlobReader {
 public:
  GitBlobReader(const std::string& repo_dir, std::uint64_t max_file_size);  // 0 = no limit
  ~GitBlobReader();
  GitBlobReader(const GitBlobReader&) = delete;
  GitBlobReader& operator=(const GitBlobReader&) = delete;

  GitRead Read(const std::string& id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A listing as a Source: one unit per unique blob (content id = its object
// id), a place per path holding it; staged listings report only added lines
// unless `whole_files`.
struct GitScanOptions {
  std::uint64_t max_file_size = 0;  // 0 = no limit
  bool whole_files = false;
};
std::unique_ptr<Source> MakeGitSource(GitListing listing, GitScanOptions options);

// The directory git runs hooks from for the repository holding `path`, or an
// Error (not a repository; core.hooksPath set, which rekey does not manage).
Result<std::string> GitHooksDir(const std::string& path);

}  // namespace rekey

#endif  // REKEY_SOURCE_GIT_SOURCE_H_
