// Private to source: the paths a repository's index tracks, for the
// working-tree walk. Ignore rules apply to untracked files only (as in git):
// a force-added `prod.env` that .gitignore matches is still scanned. The walk
// asks only when an ignore rule matched something, and starts the load on a
// thread of its own so it overlaps the rest of the walk.
//
// Thread-safety: Load runs on any thread; the result is a plain value.
#ifndef REKEY_SOURCE_TRACKED_PATHS_H_
#define REKEY_SOURCE_TRACKED_PATHS_H_

#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"

namespace rekey {

class TrackedPaths {
 public:
  // The index of the repository whose work tree is `repo_root` (the index git
  // names in GIT_INDEX_FILE when set). A repository whose files fail the
  // preflight checks (a FIFO index) or whose index cannot be read is an Error;
  // a `.git` libgit2 does not open as a repository tracks nothing.
  static Result<TrackedPaths> Load(const std::string& repo_root);

  bool Contains(std::string_view path) const;
  // Tracked paths strictly below directory `dir` ("a/b", no trailing '/').
  std::vector<std::string_view> Under(std::string_view dir) const;

 private:
  std::vector<std::string> paths_;  // sorted, '/'-separated, repository-relative; regular files only
};

}  // namespace rekey

#endif  // REKEY_SOURCE_TRACKED_PATHS_H_
