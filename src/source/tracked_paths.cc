// The index's paths through libgit2 (the adapter is git_repo.h).
#include "source/tracked_paths.h"

#include <algorithm>
#include <cstdlib>

#include "source/git_repo.h"

namespace rekey {

Result<TrackedPaths> TrackedPaths::Load(const std::string& repo_root) {
  // A FIFO where libgit2 would read is an error; a directory libgit2 cannot
  // open as a repository (a stray .git) tracks nothing, as git sees it.
  if (Result<git::RepoFiles> files = git::CheckRepositoryFiles(repo_root, /*index_only=*/true); !files)
    return files.error();
  std::string error;
  git::Repository repo = git::Open(repo_root, error);
  if (!repo) return TrackedPaths{};
  git_index* raw = nullptr;
  const char* override_path = std::getenv("GIT_INDEX_FILE");
  if (override_path != nullptr && *override_path != '\0') {
    if (Status regular = git::CheckIndexFile(override_path); !regular) return regular.error();
    if (git_index_open(&raw, override_path) != 0) {
      return Error{
          std::string("cannot read the index GIT_INDEX_FILE names (") + override_path + "): " + git::LastError(),
          "unset GIT_INDEX_FILE to read .git/index"};
    }
  } else if (git_repository_index(&raw, repo.get()) != 0) {
    return Error{repo_root + ": cannot read the index: " + git::LastError(), "`git status` tells what is wrong"};
  }
  git::Index index(raw);
  TrackedPaths tracked;
  const std::size_t count = git_index_entrycount(index.get());
  tracked.paths_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    const unsigned mode = entry->mode & 0170000;
    if (mode == 0100000) tracked.paths_.emplace_back(entry->path);  // files; not links, not submodules
  }
  std::sort(tracked.paths_.begin(), tracked.paths_.end());
  tracked.paths_.erase(std::unique(tracked.paths_.begin(), tracked.paths_.end()), tracked.paths_.end());
  return tracked;
}

bool TrackedPaths::Contains(std::string_view path) const {
  return std::binary_search(paths_.begin(), paths_.end(), path,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::vector<std::string_view> TrackedPaths::Under(std::string_view dir) const {
  std::string prefix(dir);
  prefix.push_back('/');
  std::vector<std::string_view> out;
  auto it = std::lower_bound(paths_.begin(), paths_.end(), prefix);
  for (; it != paths_.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) out.emplace_back(*it);
  return out;
}

}  // namespace rekey
