// Shared by the git listing modes (git_history.cc, git_staged.cc): exclude
// matching on repository paths and grouping places under unique blobs.
#ifndef REKEY_SOURCE_GIT_LISTING_H_
#define REKEY_SOURCE_GIT_LISTING_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rekey/source/git_source.h"
#include "rekey/source/ignore.h"
#include "source/git_repo.h"

namespace rekey::git {

// --exclude / .rekey.yaml globs against '/'-separated repository paths; a
// directory that matches excludes everything below it.
class PathExcluder {
 public:
  explicit PathExcluder(const std::vector<std::string>& globs);
  bool ExcludesDir(std::string_view dir) const;    // "a/b" (no trailing '/')
  bool ExcludesFile(std::string_view path) const;  // also checks every parent directory

 private:
  IgnoreList list_;
};

// Collects places by blob id, keeping blobs in first-seen order.
class BlobGrouper {
 public:
  void Add(const git_oid& blob, GitPlace place);
  // Moves the blobs out, each blob's places sorted by path then commit.
  std::vector<GitBlob> Take(std::uint64_t& places);

 private:
  std::unordered_map<git_oid, std::size_t, OidHash, OidEqual> index_;
  std::vector<GitBlob> blobs_;
};

Result<GitListing> ListStagedBlobs(git_repository* repo, const GitSourceOptions& options);

}  // namespace rekey::git

#endif  // REKEY_SOURCE_GIT_LISTING_H_
