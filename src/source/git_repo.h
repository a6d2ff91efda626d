// The libgit2 adapter: RAII owners for libgit2 handles, init, error text and
// object-id helpers. Only src/source/git_*.cc include it.
#ifndef REKEY_SOURCE_GIT_REPO_H_
#define REKEY_SOURCE_GIT_REPO_H_

#include <git2.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rekey/base/result.h"

namespace rekey::git {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Owned<git_repository, &::git_repository_free>;
using Commit = Owned<git_commit, &::git_commit_free>;
using Tree = Owned<git_tree, &::git_tree_free>;
using Object = Owned<git_object, &::git_object_free>;
using Reference = Owned<git_reference, &::git_reference_free>;
using RefIterator = Owned<git_reference_iterator, &::git_reference_iterator_free>;
using Odb = Owned<git_odb, &::git_odb_free>;
using OdbObject = Owned<git_odb_object, &::git_odb_object_free>;
using Index = Owned<git_index, &::git_index_free>;
using Diff = Owned<git_diff, &::git_diff_free>;
using Patch = Owned<git_patch, &::git_patch_free>;
using Config = Owned<git_config, &::git_config_free>;
using Revwalk = Owned<git_revwalk, &::git_revwalk_free>;

// Runs git_libgit2_init and rekey's settings, once per process (never shut
// down: other threads may still hold handles at exit).
void EnsureInit();

// libgit2's last error text, or `fallback` when it recorded none.
std::string LastError(const char* fallback = "unknown libgit2 error");

// Opens the repository holding `path` (searching upwards like git does).
Repository Open(const std::string& path, std::string& error);

// What CheckRepositoryFiles found: where the repository is and the loose refs
// on disk (libgit2's ref iterator skips a loose ref it cannot parse without a
// word; the listing looks each one up to report it).
struct RepoFiles {
  std::string work_dir;                 // "" for a bare repository (or none found)
  std::string git_dir;                  // "" when `path` is in no repository
  std::string common_dir;               // git_dir, or the main repository's for a worktree
  std::vector<std::string> loose_refs;  // "refs/heads/main", ...
};

// Checks, before libgit2 opens anything, that the files it would open are
// regular files or absent: HEAD, config and the files its include.path and
// includeIf.*.path name, packed-refs, every loose ref, the index, grafts,
// objects/info/alternates (and the alternates' object directories), packs
// and loose objects. An Error names the first that is a FIFO, socket or device
// (git_preflight.cc). No repository found is not an Error (libgit2 says so).
// `index_only`: the files that opening the repository and reading its index
// touch (config and includes, HEAD, commondir, the index), not refs and
// objects (the working-tree walk asks only which files are tracked).
Result<RepoFiles> CheckRepositoryFiles(const std::string& path, bool index_only = false);

// The same check for one index file (GIT_INDEX_FILE): absent or regular.
Status CheckIndexFile(const std::string& path);

// CheckRepositoryFiles, then Open.
Repository OpenChecked(const std::string& path, std::string& error, RepoFiles* files = nullptr);

inline std::string Hex(const git_oid& id) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &id);
  return text;
}

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);  // ids are uniformly distributed already
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

}  // namespace rekey::git

#endif  // REKEY_SOURCE_GIT_REPO_H_
