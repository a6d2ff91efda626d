// The staged listing: what `git commit` would record, as the index against
// HEAD, with the line numbers each staged file adds.
#include <cstdlib>
#include <string>
#include <vector>

#include "source/git_listing.h"

namespace rekey::git {
namespace {

bool IsScannableBlob(const git_diff_file& file) {
  return (file.mode == GIT_FILEMODE_BLOB || file.mode == GIT_FILEMODE_BLOB_EXECUTABLE) && !git_oid_is_zero(&file.id);
}

// Added lines of delta `index`, merged into spans.
std::vector<LineSpan> AddedLines(git_diff* diff, std::size_t index) {
  std::vector<LineSpan> spans;
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, index) != 0 || raw == nullptr) return spans;
  Patch patch(raw);
  for (std::size_t h = 0; h < git_patch_num_hunks(patch.get()); ++h) {
    const int lines = git_patch_num_lines_in_hunk(patch.get(), h);
    for (int l = 0; l < lines; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<std::size_t>(l)) != 0) continue;
      if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) continue;
      if (!spans.empty() && spans.back().last + 1 >= line->new_lineno) {
        spans.back().last = std::max(spans.back().last, line->new_lineno);
      } else {
        spans.push_back({line->new_lineno, line->new_lineno});
      }
    }
  }
  return spans;
}

// The index the commit records. `git commit -a` and `git commit PATH` stage
// into a temporary index and run the pre-commit hook with GIT_INDEX_FILE
// naming it (relative to the working directory, like git reads it); reading
// .git/index there would miss everything those commits add.
Result<Index> OpenIndex(git_repository* repo) {
  git_index* raw = nullptr;
  const char* override_path = std::getenv("GIT_INDEX_FILE");
  if (override_path != nullptr && *override_path != '\0') {
    // The variable may name anything, a FIFO included: libgit2 would block on it.
    if (Status regular = CheckIndexFile(override_path); !regular) {
      return Error{"GIT_INDEX_FILE: " + regular.error().message, "unset GIT_INDEX_FILE to scan .git/index"};
    }
    if (git_index_open(&raw, override_path) != 0) {
      return Error{std::string("cannot read the index GIT_INDEX_FILE names (") + override_path + "): " + LastError(),
                   "unset GIT_INDEX_FILE to scan .git/index"};
    }
    return Index(raw);
  }
  if (git_repository_index(&raw, repo) != 0) {
    return Error{"cannot read the index: " + LastError(), "is the repository damaged? `git status` tells"};
  }
  return Index(raw);
}

}  // namespace

Result<GitListing> ListStagedBlobs(git_repository* repo, const GitSourceOptions& options) {
  GitListing listing;
  listing.repo_dir = git_repository_path(repo);
  if (git_repository_is_bare(repo) == 1) {
    return Error{options.repo + " is a bare repository", "--staged needs a working tree with an index"};
  }
  // 1. HEAD's tree (none while HEAD is unborn) and the index.
  Tree head_tree;
  if (git_repository_head_unborn(repo) != 1) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo, "HEAD^{tree}") != 0) {
      return Error{"cannot read HEAD: " + LastError(), "is the repository damaged? `git fsck` tells"};
    }
    head_tree.reset(reinterpret_cast<git_tree*>(raw));
  }
  Result<Index> opened = OpenIndex(repo);
  if (!opened) return opened.error();
  Index index = std::move(*opened);

  // 2. The staged diff, renames paired so a moved file adds no lines.
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  diff_options.context_lines = 0;
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_index(&raw_diff, repo, head_tree.get(), index.get(), &diff_options) != 0) {
    return Error{"cannot diff the index against HEAD: " + LastError(), ""};
  }
  Diff diff(raw_diff);
  git_diff_find_options find_options = GIT_DIFF_FIND_OPTIONS_INIT;
  find_options.flags = GIT_DIFF_FIND_RENAMES;
  git_diff_find_similar(diff.get(), &find_options);

  // 3. One place per added, changed, renamed or copied file.
  const PathExcluder excluder(options.excludes);
  BlobGrouper grouper;
  for (std::size_t d = 0; d < git_diff_num_deltas(diff.get()); ++d) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), d);
    if (delta->status == GIT_DELTA_DELETED || !IsScannableBlob(delta->new_file)) continue;
    const std::string path = delta->new_file.path;
    if (excluder.ExcludesFile(path)) continue;
    GitPlace place;
    place.origin.path = path;
    place.added = AddedLines(diff.get(), d);  // empty for a pure rename or mode change
    grouper.Add(delta->new_file.id, std::move(place));
  }
  listing.blobs = grouper.Take(listing.places);
  listing.appearances = listing.places;
  return listing;
}

}  // namespace rekey::git
