#include "rekey/source/git_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>

#include "source/git_repo.h"
#include "source/git_test_repo.h"

namespace rekey {
namespace {

GitListing List(const TestRepo& repo, GitMode mode, const std::string& range = "", std::vector<std::string> refs = {},
                std::vector<std::string> excludes = {}) {
  GitSourceOptions options;
  options.repo = repo.Path();
  options.mode = mode;
  options.range = range;
  options.refs = std::move(refs);
  options.excludes = std::move(excludes);
  Result<GitListing> listing = ListGitBlobs(options);
  EXPECT_TRUE(listing) << (listing ? "" : listing.error().message);
  return listing ? std::move(*listing) : GitListing{};
}

const GitBlob* FindBlob(const GitListing& listing, const std::string& id) {
  for (const GitBlob& blob : listing.blobs) {
    if (blob.id == id) return &blob;
  }
  return nullptr;
}

TEST(GitHistory, FindsAddedThenDeletedFileWithTheCommitThatAddedIt) {
  TestRepo repo;
  repo.Write("README", "hello\n");
  const std::string first = repo.Commit("init", 1000);
  repo.Write("config/prod.env", "TOKEN=leaked\n");
  const std::string added = repo.Commit("add config", 2000);
  repo.Remove("config/prod.env");
  repo.Commit("remove config", 3000);

  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.commits, 3u);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("TOKEN=leaked\n"));
  ASSERT_NE(blob, nullptr);
  ASSERT_EQ(blob->places.size(), 1u);
  const GitOrigin& p = blob->places[0].origin;
  EXPECT_EQ(p.path, "config/prod.env");
  EXPECT_EQ(p.commit, added);
  EXPECT_EQ(p.author, "Ann Dev <ann@example.com>");
  EXPECT_EQ(p.date, "1970-01-01T00:33:20Z");
  EXPECT_EQ(p.commits, 1);
  const GitBlob* readme = FindBlob(listing, repo.BlobId("hello\n"));
  ASSERT_NE(readme, nullptr);
  EXPECT_EQ(readme->places[0].origin.commit, first);
  EXPECT_EQ(readme->places[0].origin.commits, 3);
}

TEST(GitHistory, IdenticalBlobsAreListedOnceWithEveryPlace) {
  TestRepo repo;
  for (int i = 0; i < 5; ++i) {
    repo.Write("same.txt", "shared content\n");
    repo.Write("counter.txt", std::to_string(i) + "\n");
    repo.Commit("c" + std::to_string(i), 1000 + i);
  }
  repo.Write("copy/same.txt", "shared content\n");
  repo.Commit("copy", 2000);

  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.commits, 6u);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("shared content\n"));
  ASSERT_NE(blob, nullptr);
  ASSERT_EQ(blob->places.size(), 2u);
  EXPECT_EQ(blob->places[0].origin.path, "copy/same.txt");
  EXPECT_EQ(blob->places[0].origin.commits, 1);
  EXPECT_EQ(blob->places[1].origin.path, "same.txt");
  EXPECT_EQ(blob->places[1].origin.commits, 6);
  // 5 counter versions + 1 shared blob: 6 unique blobs...
  EXPECT_EQ(listing.blobs.size(), 6u);
  // ...out of 6 + 6 + 1 (commit, path) appearances.
  EXPECT_EQ(listing.appearances, 13u);
}

TEST(GitHistory, OldestCommitByTimeWinsAcrossBranches) {
  TestRepo repo;
  repo.Write("a.txt", "a\n");
  const std::string base = repo.Commit("base", 1000);
  repo.Write("key.env", "same secret line\n");
  repo.Commit("late on main", 5000);
  repo.ResetIndexTo(base);
  repo.Write("key.env", "same secret line\n");
  const std::string early = repo.Commit("early on topic", 3000, {base}, "refs/heads/topic");

  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.commits, 3u);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("same secret line\n"));
  ASSERT_NE(blob, nullptr);
  ASSERT_EQ(blob->places.size(), 1u);
  EXPECT_EQ(blob->places[0].origin.commit, early);
  EXPECT_EQ(blob->places[0].origin.commits, 2);

  // --ref main only: the topic branch is not walked.
  const GitListing main_only = List(repo, GitMode::kHistory, "", {"HEAD"});
  EXPECT_EQ(main_only.commits, 2u);
  EXPECT_NE(FindBlob(main_only, repo.BlobId("same secret line\n"))->places[0].origin.commit, early);
}

TEST(GitHistory, MergesAreWalkedThroughBothParents) {
  TestRepo repo;
  repo.Write("a.txt", "a\n");
  const std::string base = repo.Commit("base", 1000);
  repo.Write("topic.txt", "from topic\n");
  const std::string topic = repo.Commit("topic", 2000, {base}, "refs/heads/topic");
  repo.ResetIndexTo(base);
  repo.Write("main.txt", "from main\n");
  const std::string main = repo.Commit("main", 3000, {base});
  repo.Write("topic.txt", "from topic\n");
  const std::string merge = repo.Commit("merge", 4000, {main, topic});
  // Only HEAD (the merge) is needed to reach every commit.
  const GitListing listing = List(repo, GitMode::kHistory, "", {merge});
  EXPECT_EQ(listing.commits, 4u);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("from topic\n"));
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(blob->places[0].origin.commit, topic);
  EXPECT_EQ(blob->places[0].origin.commits, 2);

  // The merge itself introduces nothing new relative to both parents.
  const GitListing range = List(repo, GitMode::kRange, main + ".." + merge);
  EXPECT_EQ(range.commits, 2u);  // topic and the merge
  ASSERT_EQ(range.blobs.size(), 1u);
  EXPECT_EQ(range.blobs[0].id, repo.BlobId("from topic\n"));
  EXPECT_EQ(range.blobs[0].places[0].origin.commit, topic);
}

// A renamed file keeps its blob, and history has it at both paths: each place
// is reported with the commit that put the blob there (a history rewrite must
// purge both paths; the old path's commit is where the secret first leaked).
TEST(GitHistory, RenamedFileIsListedAtBothPathsWithTheCommitThatPutItThere) {
  TestRepo repo;
  repo.Write("config/app.env", "TOKEN=renamed later\n");
  const std::string added = repo.Commit("add", 1000);
  repo.Remove("config/app.env");
  repo.Write("deploy/app.env", "TOKEN=renamed later\n");
  const std::string moved = repo.Commit("move", 2000);
  repo.Write("other.txt", "x\n");
  repo.Commit("unrelated", 3000);

  const GitListing listing = List(repo, GitMode::kHistory);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("TOKEN=renamed later\n"));
  ASSERT_NE(blob, nullptr);
  ASSERT_EQ(blob->places.size(), 2u);
  EXPECT_EQ(blob->places[0].origin.path, "config/app.env");
  EXPECT_EQ(blob->places[0].origin.commit, added);
  EXPECT_EQ(blob->places[0].origin.commits, 1);
  EXPECT_EQ(blob->places[1].origin.path, "deploy/app.env");
  EXPECT_EQ(blob->places[1].origin.commit, moved);
  EXPECT_EQ(blob->places[1].origin.commits, 2);
}

// Versions of a directory that gain, drop and rename entries between commits
// (the listing matches each tree's entries against the directory's previous
// version): every path and count stays exact.
TEST(GitHistory, DirectoryVersionsThatGainAndDropEntriesKeepTheirPaths) {
  TestRepo repo;
  repo.Write("d/a", "a\n");
  repo.Write("d/b", "b\n");
  repo.Write("d/c", "c\n");
  repo.Write("d/sub/x", "x\n");
  repo.Commit("one", 1000);
  repo.Remove("d/b");
  repo.Write("d/bb", "b\n");    // b renamed to bb
  repo.Write("d/a", "a2\n");    // a changed
  repo.Write("d/0", "zero\n");  // a new first entry
  repo.Remove("d/sub/x");
  std::filesystem::remove(repo.Path() + "/d/sub");
  repo.Write("d/sub", "now a file\n");  // a directory replaced by a file of the same name
  repo.Commit("two", 2000);
  repo.Write("d/c", "c3\n");
  repo.Commit("three", 3000);

  const GitListing listing = List(repo, GitMode::kHistory);
  std::map<std::string, int> commits_by_place;
  for (const GitBlob& blob : listing.blobs) {
    for (const GitPlace& place : blob.places) {
      commits_by_place[place.origin.path + "@" + blob.id.substr(0, 7)] = place.origin.commits;
    }
  }
  const auto id = [&repo](const std::string& content) { return repo.BlobId(content).substr(0, 7); };
  const std::map<std::string, int> expected = {
      {"d/0@" + id("zero\n"), 2}, {"d/a@" + id("a\n"), 1},     {"d/a@" + id("a2\n"), 2},
      {"d/b@" + id("b\n"), 1},    {"d/bb@" + id("b\n"), 2},    {"d/c@" + id("c\n"), 2},
      {"d/c@" + id("c3\n"), 1},   {"d/sub/x@" + id("x\n"), 1}, {"d/sub@" + id("now a file\n"), 2},
  };
  EXPECT_EQ(commits_by_place, expected);
}

// HEAD names a branch with no commits yet (a fresh `git checkout --orphan`)
// while other branches have history: that history is still scanned.
TEST(GitHistory, UnbornHeadBesideOtherBranchesListsTheirHistory) {
  TestRepo repo;
  repo.Write("kept.env", "on another branch\n");
  const std::string other = repo.Commit("elsewhere", 1000, {}, "refs/heads/other");
  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.commits, 1u);
  const GitBlob* blob = FindBlob(listing, repo.BlobId("on another branch\n"));
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(blob->places[0].origin.commit, other);
  EXPECT_TRUE(listing.errors.empty());
}

TEST(GitRange, AMergeThatChangesAFileItselfIntroducesThatChange) {
  TestRepo repo;
  repo.Write("a.txt", "a\n");
  const std::string base = repo.Commit("base", 1000);
  repo.Write("topic.txt", "topic\n");
  const std::string topic = repo.Commit("topic", 2000, {base}, "refs/heads/topic");
  repo.ResetIndexTo(base);
  repo.Write("main.txt", "main\n");
  const std::string main = repo.Commit("main", 3000, {base});
  repo.Write("topic.txt", "topic\n");
  repo.Write("fixup.env", "written while resolving the merge\n");  // in neither parent
  const std::string merge = repo.Commit("merge", 4000, {main, topic});

  const GitListing listing = List(repo, GitMode::kRange, main + ".." + merge);
  const GitBlob* fixup = FindBlob(listing, repo.BlobId("written while resolving the merge\n"));
  ASSERT_NE(fixup, nullptr);
  EXPECT_EQ(fixup->places[0].origin.commit, merge);
  ASSERT_NE(FindBlob(listing, repo.BlobId("topic\n")), nullptr);  // from the topic commit
  EXPECT_EQ(FindBlob(listing, repo.BlobId("main\n")), nullptr);   // before the range
  EXPECT_EQ(listing.blobs.size(), 2u);
}

TEST(GitRange, SeesWhatItAddedAndRemovedAgainButNotWhatItOnlyDeleted) {
  TestRepo repo;
  repo.Write("old.env", "present at the base\n");
  const std::string base = repo.Commit("base", 1000);
  repo.Write("brief.env", "added then removed in the range\n");
  const std::string added = repo.Commit("add", 2000);
  repo.Remove("brief.env");
  repo.Remove("old.env");
  const std::string head = repo.Commit("remove both", 3000);

  const GitListing listing = List(repo, GitMode::kRange, base + ".." + head);
  EXPECT_EQ(listing.commits, 2u);
  ASSERT_EQ(listing.blobs.size(), 1u);
  EXPECT_EQ(listing.blobs[0].id, repo.BlobId("added then removed in the range\n"));
  EXPECT_EQ(listing.blobs[0].places[0].origin.commit, added);
}

TEST(GitRange, ListsOnlyWhatTheRangeIntroduces) {
  TestRepo repo;
  repo.Write("old.env", "present before the range\n");
  repo.Write("move-me.txt", "moved content\n");
  const std::string base = repo.Commit("base", 1000);
  repo.Write("new.env", "added in range\n");
  repo.Remove("move-me.txt");
  repo.Write("moved/here.txt", "moved content\n");
  const std::string head = repo.Commit("change", 2000);

  const GitListing listing = List(repo, GitMode::kRange, base + ".." + head);
  EXPECT_EQ(listing.commits, 1u);
  EXPECT_EQ(FindBlob(listing, repo.BlobId("present before the range\n")), nullptr);
  const GitBlob* added = FindBlob(listing, repo.BlobId("added in range\n"));
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->places[0].origin.commit, head);
  // A rename keeps the blob: it is listed at its new path only.
  const GitBlob* moved = FindBlob(listing, repo.BlobId("moved content\n"));
  ASSERT_NE(moved, nullptr);
  ASSERT_EQ(moved->places.size(), 1u);
  EXPECT_EQ(moved->places[0].origin.path, "moved/here.txt");

  // "A.." means A..HEAD.
  EXPECT_EQ(List(repo, GitMode::kRange, base + "..").blobs.size(), listing.blobs.size());
}

TEST(GitRange, BadRangesAndRevisionsAreErrors) {
  TestRepo repo;
  repo.Write("a", "a\n");
  repo.Commit("one", 1000);
  GitSourceOptions options;
  options.repo = repo.Path();
  options.mode = GitMode::kRange;
  options.range = "HEAD";
  Result<GitListing> listing = ListGitBlobs(options);
  ASSERT_FALSE(listing);
  EXPECT_NE(listing.error().message.find("is not A..B"), std::string::npos);
  options.range = "no-such-branch..HEAD";
  listing = ListGitBlobs(options);
  ASSERT_FALSE(listing);
  EXPECT_NE(listing.error().message.find("unknown revision 'no-such-branch'"), std::string::npos);
  options.mode = GitMode::kHistory;
  options.refs = {"v9.9"};
  EXPECT_FALSE(ListGitBlobs(options));
}

TEST(GitSource, NotARepositoryIsAnError) {
  TempTree dir;
  GitSourceOptions options;
  options.repo = dir.Path();
  const Result<GitListing> listing = ListGitBlobs(options);
  ASSERT_FALSE(listing);
  EXPECT_NE(listing.error().hint.find("need a git repository"), std::string::npos);
}

TEST(GitHistory, ExcludesApplyByPath) {
  TestRepo repo;
  repo.Write("vendor/lib/x.txt", "vendored\n");
  repo.Write("src/y.txt", "own\n");
  repo.Write("src/z.min.js", "minified\n");
  repo.Commit("one", 1000);
  const GitListing listing = List(repo, GitMode::kHistory, "", {}, {"vendor/", "*.min.js"});
  ASSERT_EQ(listing.blobs.size(), 1u);
  EXPECT_EQ(listing.blobs[0].places[0].origin.path, "src/y.txt");
}

TEST(GitHistory, EmptyRepositoryListsNothing) {
  TestRepo repo;
  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.commits, 0u);
  EXPECT_TRUE(listing.blobs.empty());
  EXPECT_TRUE(listing.errors.empty());
}

TEST(GitHistory, MissingTreeIsReportedWithItsIdAndSkipped) {
  TestRepo repo;
  repo.Write("dir/inner.txt", "inner\n");
  repo.Write("top.txt", "top\n");
  repo.Commit("one", 1000);
  // Find the id of the "dir" tree and delete it.
  git_repository* raw = nullptr;
  ASSERT_EQ(git_repository_open(&raw, repo.Path().c_str()), 0);
  git_object* tree = nullptr;
  ASSERT_EQ(git_revparse_single(&tree, raw, "HEAD:dir"), 0);
  const std::string dir_id = TestRepo::Hex(*git_object_id(tree));
  git_object_free(tree);
  git_repository_free(raw);
  repo.DeleteObject(dir_id);

  const GitListing listing = List(repo, GitMode::kHistory);
  EXPECT_EQ(listing.objects_missing, 1u);
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_EQ(listing.errors[0].path, "dir/");
  EXPECT_NE(listing.errors[0].message.find(dir_id), std::string::npos);
  ASSERT_EQ(listing.blobs.size(), 1u);  // top.txt is still listed
}

TEST(GitBlobReader, ReadsBlobsAndReportsMissingAndCorruptOnes) {
  TestRepo repo;
  repo.Write("a.txt", "alpha\n");
  repo.Write("b.txt", "bravo\n");
  repo.Write("c.bin", std::string("bin\0ary", 7));
  repo.Write("big.txt", std::string(100, 'x'));
  repo.Commit("one", 1000);
  const GitListing listing = List(repo, GitMode::kHistory);
  repo.DeleteObject(repo.BlobId("alpha\n"));
  repo.CorruptObject(repo.BlobId("bravo\n"));

  GitBlobReader reader(listing.repo_dir, 50);
  GitRead read = reader.Read(repo.BlobId("alpha\n"));
  EXPECT_EQ(read.status, OpenStatus::kError);
  EXPECT_TRUE(read.missing);
  EXPECT_NE(read.error.find(repo.BlobId("alpha\n")), std::string::npos);
  read = reader.Read(repo.BlobId("bravo\n"));
  EXPECT_EQ(read.status, OpenStatus::kError);
  EXPECT_TRUE(read.missing);
  EXPECT_EQ(reader.Read(repo.BlobId(std::string("bin\0ary", 7))).status, OpenStatus::kOk);  // binary: the scanner decides
  EXPECT_EQ(reader.Read(repo.BlobId(std::string(100, 'x'))).status, OpenStatus::kTooLarge);

  GitBlobReader roomy(listing.repo_dir, 1000);
  repo.Write("d.txt", "delta\n");  // staged: its blob is in the object store
  read = roomy.Read(repo.BlobId("delta\n"));
  ASSERT_EQ(read.status, OpenStatus::kOk);
  EXPECT_EQ(read.content, "delta\n");
}

TEST(GitStaged, ListsAddedLinesAgainstHead) {
  TestRepo repo;
  repo.Write("app.env", "A=1\nB=2\nC=3\n");
  repo.Write("old.txt", "unchanged\n");
  repo.Write("rename-me.txt", "stable content line\nanother stable line\n");
  repo.Commit("one", 1000);
  repo.Write("app.env", "A=1\nB=changed\nC=3\nD=4\n");
  repo.Write("new.txt", "x\ny\n");
  repo.Remove("rename-me.txt");
  repo.Write("renamed.txt", "stable content line\nanother stable line\n");
  repo.WriteUnstaged("old.txt", "edited but not staged\n");

  const GitListing listing = List(repo, GitMode::kStaged);
  EXPECT_EQ(listing.mode, GitMode::kStaged);
  EXPECT_EQ(listing.commits, 0u);
  std::map<std::string, std::vector<LineSpan>> added;
  for (const GitBlob& blob : listing.blobs) {
    for (const GitPlace& place : blob.places) added[place.origin.path] = place.added;
  }
  ASSERT_EQ(added.size(), 3u);  // app.env, new.txt, renamed.txt (not old.txt: unstaged)
  ASSERT_EQ(added["app.env"].size(), 2u);
  EXPECT_EQ(added["app.env"][0].first, 2);
  EXPECT_EQ(added["app.env"][0].last, 2);
  EXPECT_EQ(added["app.env"][1].first, 4);
  EXPECT_EQ(added["app.env"][1].last, 4);
  ASSERT_EQ(added["new.txt"].size(), 1u);
  EXPECT_EQ(added["new.txt"][0].first, 1);
  EXPECT_EQ(added["new.txt"][0].last, 2);
  EXPECT_TRUE(added["renamed.txt"].empty());  // a pure rename adds no lines
}

TEST(GitStaged, UnbornHeadTreatsEveryStagedLineAsAdded) {
  TestRepo repo;
  repo.Write("first.txt", "one\ntwo\nthree\n");
  const GitListing listing = List(repo, GitMode::kStaged);
  ASSERT_EQ(listing.blobs.size(), 1u);
  ASSERT_EQ(listing.blobs[0].places[0].added.size(), 1u);
  EXPECT_EQ(listing.blobs[0].places[0].added[0].first, 1);
  EXPECT_EQ(listing.blobs[0].places[0].added[0].last, 3);
}

TEST(GitStaged, DeletedAndUnchangedFilesAreNotListed) {
  TestRepo repo;
  repo.Write("gone.txt", "deleted by the commit\n");
  repo.Write("same.txt", "unchanged\n");
  repo.Commit("one", 1000);
  repo.Remove("gone.txt");
  repo.Write("same.txt", "unchanged\n");
  EXPECT_TRUE(List(repo, GitMode::kStaged).blobs.empty());
}

// `git commit -a` and `git commit PATH` build the commit in a temporary index
// and run the pre-commit hook with GIT_INDEX_FILE naming it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

TEST(GitStaged, ReadsTheIndexThatGitIndexFileNames) {
  TestRepo repo;
  repo.Write("app.env", "A=1\n");
  repo.Commit("one", 1000);
  repo.Write("app.env", "A=1\nB=in the temporary index\n");
  const std::string temporary = repo.Path() + "/.git/next-index.lock";
  std::filesystem::copy_file(repo.Path() + "/.git/index", temporary);
  repo.Write("app.env", "A=1\n");  // .git/index itself matches HEAD again

  EXPECT_TRUE(List(repo, GitMode::kStaged).blobs.empty());
  const ScopedEnv env("GIT_INDEX_FILE", temporary);
  const GitListing listing = List(repo, GitMode::kStaged);
  ASSERT_EQ(listing.blobs.size(), 1u);
  EXPECT_EQ(listing.blobs[0].id, repo.BlobId("A=1\nB=in the temporary index\n"));
  ASSERT_EQ(listing.blobs[0].places[0].added.size(), 1u);
  EXPECT_EQ(listing.blobs[0].places[0].added[0].first, 2);
}

TEST(GitStaged, ExcludedPathsAreLeftOut) {
  TestRepo repo;
  repo.Write("keep.txt", "k\n");
  repo.Write("fixtures/skip.txt", "s\n");
  const GitListing listing = List(repo, GitMode::kStaged, "", {}, {"fixtures/"});
  ASSERT_EQ(listing.blobs.size(), 1u);
  EXPECT_EQ(listing.blobs[0].places[0].origin.path, "keep.txt");
}

TEST(GitHooksDir, IsTheRepositorysHooksFolder) {
  TestRepo repo;
  const Result<std::string> dir = GitHooksDir(repo.Path());
  ASSERT_TRUE(dir) << dir.error().message;
  EXPECT_EQ(std::filesystem::path(*dir), std::filesystem::path(repo.Path()) / ".git" / "hooks");
  TempTree elsewhere;
  EXPECT_FALSE(GitHooksDir(elsewhere.Path()));
}

}  // namespace
}  // namespace rekey
