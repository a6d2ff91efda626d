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
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/source/source.h"
#include "rekey/source/walk.h"

namespace rekey {

enum class GitMode { kHistory, kRange, kStaged };

// A blob an earlier incremental scan found something in (GitSourceOptions::carried).
struct GitCarriedBlob {
  std::string id;                 // 40 hex digits
  std::vector<GitOrigin> places;  // path or ref, commit, commits
};

struct GitSourceOptions {
  std::string repo = ".";  // any path inside the repository
  GitMode mode = GitMode::kHistory;
  std::vector<std::string> refs;      // kHistory: revisions to start from; empty = every ref and HEAD
  std::string range;                  // kRange: "A..B" ("A.." means A..HEAD)
  std::vector<std::string> excludes;  // gitignore-style globs, matched against repository paths
  // A shallow clone's history stops at commits whose parents it lacks: an
  // Error ("shallow repository: history truncated at ...") unless this is set
  // (then a warning, and only what the clone holds is listed).
  bool allow_shallow = false;
  // Incremental history (rekey scan --state). `hide`: the commits an earlier
  // complete scan started from; only commits not reachable from them are
  // walked. When one of them is no longer reachable from the starts (history
  // rewritten, a branch deleted) every commit is walked again and the
  // listing says `rewritten`.
  std::vector<std::string> hide;
  // Blobs (40 hex digits) an earlier scan read clean under the same rules:
  // not listed, wherever they appear.
  std::function<bool(const std::string& id)> skip;
  // Blobs an earlier scan found something in, at the places it found them
  // (path or ref, oldest commit, commits; author and date are looked up
  // again). After an incremental walk they are listed at those places merged
  // with the new ones (counts added, the older commit kept); after a full
  // walk the walk finds them itself.
  std::vector<GitCarriedBlob> carried;
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
  std::vector<SourceError> errors;    // missing or corrupt commits and trees, refs that cannot be read
  std::vector<std::string> warnings;  // said once (a shallow clone scanned under allow_shallow)
  std::vector<std::string> tips;      // kHistory: the commits the walk started from (sorted hex)
  bool incremental = false;           // only commits not reachable from `hide` were walked
  bool rewritten = false;             // `hide` was given but history was rewritten: everything was walked
  double seconds = 0;                 // time spent listing
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
