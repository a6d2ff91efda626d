// Issue 14 (git): nothing a repository holds may turn `rekey scan --history`
// into "0 files scanned, exit 0". Refs that name a blob or a tree are scanned;
// refs whose objects are gone, a deleted or truncated pack and unparseable
// ref files are errors; a shallow clone is refused unless allowed; an empty
// range base is a usage error; and a FIFO (or device) anywhere libgit2 would
// open it is refused before it blocks (each case under a deadline).
#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "hostile/hostile_util.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/git_source.h"
#include "rekey/source/walk.h"
#include "scan/test_rules.h"
#include "source/git_test_repo.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

class Sink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary&) override {}
  std::vector<Finding> findings;
};

struct Scanned {
  std::vector<Finding> findings;
  ScanSummary summary;
};

Scanned ScanHistory(const std::string& repo) {
  GitSourceOptions source;
  source.repo = repo;
  Result<GitListing> listing = ListGitBlobs(source);
  EXPECT_TRUE(listing.ok()) << (listing.ok() ? "" : listing.error().message);
  if (!listing.ok()) return {};
  ScanOptions options;
  options.threads = 2;
  std::unique_ptr<Source> git = MakeGitSource(std::move(*listing), {});
  Sink sink;
  Result<ScanSummary> summary = Scanner(TestDatabase(), options).Run(*git, sink);
  EXPECT_TRUE(summary);
  return {sink.findings, summary ? *summary : ScanSummary{}};
}

bool AnyErrorMentions(const ScanSummary& summary, const std::string& text) {
  for (const SourceError& e : summary.errors) {
    if (e.path.find(text) != std::string::npos || e.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string WriteBlob(const TestRepo& repo, const std::string& content) {
  git_repository* raw = nullptr;
  EXPECT_EQ(git_repository_open(&raw, repo.Path().c_str()), 0);
  git_oid id;
  EXPECT_EQ(git_blob_create_from_buffer(&id, raw, content.data(), content.size()), 0);
  git_repository_free(raw);
  return TestRepo::Hex(id);
}

// A tree {dir/x.env: content}, written with a tree builder.
std::string WriteTree(const TestRepo& repo, const std::string& content) {
  git_repository* raw = nullptr;
  EXPECT_EQ(git_repository_open(&raw, repo.Path().c_str()), 0);
  git_oid blob, inner, outer;
  EXPECT_EQ(git_blob_create_from_buffer(&blob, raw, content.data(), content.size()), 0);
  git_treebuilder* builder = nullptr;
  EXPECT_EQ(git_treebuilder_new(&builder, raw, nullptr), 0);
  EXPECT_EQ(git_treebuilder_insert(nullptr, builder, "x.env", &blob, GIT_FILEMODE_BLOB), 0);
  EXPECT_EQ(git_treebuilder_write(&inner, builder), 0);
  git_treebuilder_free(builder);
  EXPECT_EQ(git_treebuilder_new(&builder, raw, nullptr), 0);
  EXPECT_EQ(git_treebuilder_insert(nullptr, builder, "dir", &inner, GIT_FILEMODE_TREE), 0);
  EXPECT_EQ(git_treebuilder_write(&outer, builder), 0);
  git_treebuilder_free(builder);
  git_repository_free(raw);
  return TestRepo::Hex(outer);
}

void WriteRefFile(const TestRepo& repo, const std::string& name, const std::string& content) {
  std::ofstream(repo.Path() + "/.git/" + name, std::ios::binary | std::ios::trunc) << content;
}

TEST(HostileGitRefs, Issue14_1_TagsAtABlobOrATreeAreScannedWithTheRefAsProvenance) {
  TestRepo repo;
  repo.Write("README.md", "docs\n");
  repo.Commit("init", 1000);
  repo.SetRef("refs/tags/blob-tag", WriteBlob(repo, "TOKEN=" + FakeToken(41) + "\n"));
  repo.SetRef("refs/tags/tree-tag", WriteTree(repo, "TOKEN=" + FakeToken(42) + "\n"));

  const Scanned scanned = ScanHistory(repo.Path());
  EXPECT_TRUE(scanned.summary.errors.empty());
  std::vector<std::string> paths;
  for (const Finding& f : scanned.findings) {
    if (f.rule_id != "test.token") continue;
    paths.push_back(f.path);
    const GitOrigin* git = GitOf(f.provenance);
    ASSERT_NE(git, nullptr);
    EXPECT_TRUE(git->commit.empty());
    EXPECT_FALSE(git->ref.empty());
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"refs/tags/blob-tag", "refs/tags/tree-tag:dir/x.env"}));
}

TEST(HostileGitRefs, Issue14_1_ABranchWhoseTipIsMissingIsAnError) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(43) + "\n");
  repo.Commit("one", 1000);
  WriteRefFile(repo, "refs/heads/lost", "0123456789abcdef0123456789abcdef01234567\n");
  const Scanned scanned = ScanHistory(repo.Path());
  EXPECT_TRUE(AnyErrorMentions(scanned.summary, "refs/heads/lost"));
  EXPECT_GE(scanned.summary.stats.objects_missing, 1u);
  EXPECT_EQ(scanned.findings.size(), 1u);  // the readable branch is still scanned
}

TEST(HostileGitRefs, Issue14_1_AnUnparseableRefFileIsAnError) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(44) + "\n");
  repo.Commit("one", 1000);
  WriteRefFile(repo, "refs/heads/garbled", "this is not an object id\n");
  const Scanned scanned = ScanHistory(repo.Path());
  EXPECT_TRUE(AnyErrorMentions(scanned.summary, "refs/heads/garbled"));
}

// Moves everything into one pack and removes the loose objects (as git gc).
std::string PackAll(const TestRepo& repo) {
  git_repository* raw = nullptr;
  EXPECT_EQ(git_repository_open(&raw, repo.Path().c_str()), 0);
  git_packbuilder* builder = nullptr;
  EXPECT_EQ(git_packbuilder_new(&builder, raw), 0);
  git_revwalk* walk = nullptr;
  EXPECT_EQ(git_revwalk_new(&walk, raw), 0);
  EXPECT_EQ(git_revwalk_push_head(walk), 0);
  EXPECT_EQ(git_packbuilder_insert_walk(builder, walk), 0);
  EXPECT_EQ(git_packbuilder_write(builder, nullptr, 0, nullptr, nullptr), 0);
  git_revwalk_free(walk);
  git_packbuilder_free(builder);
  git_repository_free(raw);
  std::string pack;
  for (const auto& entry : fs::directory_iterator(repo.Path() + "/.git/objects")) {
    if (entry.path().filename().string().size() == 2) fs::remove_all(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(repo.Path() + "/.git/objects/pack")) {
    if (entry.path().extension() == ".pack") pack = entry.path().string();
  }
  return pack;
}

TEST(HostileGitRefs, Issue14_1_ADeletedPackIsAnErrorNotZeroFilesScanned) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(45) + "\n");
  repo.Commit("one", 1000);
  const std::string pack = PackAll(repo);
  ASSERT_FALSE(pack.empty());
  fs::remove(pack);
  fs::remove(fs::path(pack).replace_extension(".idx"));
  const Scanned scanned = ScanHistory(repo.Path());
  EXPECT_FALSE(scanned.summary.errors.empty());
  EXPECT_TRUE(AnyErrorMentions(scanned.summary, "refs/heads/") || AnyErrorMentions(scanned.summary, "HEAD"));
}

TEST(HostileGitRefs, Issue14_1_ATruncatedPackIsAnError) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(46) + "\n");
  repo.Write("b.env", "TOKEN=" + FakeToken(47) + "\n");
  repo.Commit("one", 1000);
  const std::string pack = PackAll(repo);
  ASSERT_FALSE(pack.empty());
  fs::resize_file(pack, fs::file_size(pack) / 2);
  const Scanned scanned = ScanHistory(repo.Path());
  EXPECT_FALSE(scanned.summary.errors.empty());
}

TEST(HostileGitRefs, Issue14_2_AShallowCloneIsRefusedUnlessAllowed) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(48) + "\n");
  repo.Commit("one", 1000);
  repo.Write("b.env", "TOKEN=" + FakeToken(49) + "\n");
  const std::string boundary = repo.Commit("two", 2000);
  repo.Write("c.txt", "c\n");
  repo.Commit("three", 3000);
  std::ofstream(repo.Path() + "/.git/shallow") << boundary << "\n";

  GitSourceOptions options;
  options.repo = repo.Path();
  Result<GitListing> refused = ListGitBlobs(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "shallow repository: history truncated at " + boundary);
  EXPECT_NE(refused.error().hint.find("--allow-shallow"), std::string::npos);

  options.allow_shallow = true;
  Result<GitListing> allowed = ListGitBlobs(options);
  ASSERT_TRUE(allowed.ok());
  ASSERT_EQ(allowed->warnings.size(), 1u);
  EXPECT_NE(allowed->warnings[0].find(boundary), std::string::npos);
  EXPECT_EQ(allowed->commits, 2u);

  // A range that stays above the boundary reads no truncated history.
  options.allow_shallow = false;
  options.mode = GitMode::kRange;
  options.range = "HEAD~1..HEAD";
  EXPECT_TRUE(ListGitBlobs(options).ok());
}

TEST(HostileGitRefs, Issue14_7_AnEmptyRangeBaseIsAUsageError) {
  TestRepo repo;
  repo.Write("a.txt", "a\n");
  repo.Commit("one", 1000);
  GitSourceOptions options;
  options.repo = repo.Path();
  options.mode = GitMode::kRange;
  options.range = "..HEAD";
  Result<GitListing> listing = ListGitBlobs(options);
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.error().message.find("has no base"), std::string::npos);
  options.range = "HEAD..";  // A.. means A..HEAD
  EXPECT_TRUE(ListGitBlobs(options).ok());
}

// Issue 14.13: a FIFO where libgit2 would open a file. Each case runs in a
// child with a deadline: a hang fails (exit 142) instead of stalling.
enum class Mode { kHistory, kStaged, kTree };

int ListInChild(const std::string& repo, Mode mode) {
  if (mode == Mode::kTree) {
    const WalkResult walk = Walk({.paths = {repo}});
    for (const SourceError& e : walk.errors) {
      if (e.message.find("FIFO") != std::string::npos) return 0;
    }
    return 3;
  }
  GitSourceOptions options;
  options.repo = repo;
  options.mode = mode == Mode::kStaged ? GitMode::kStaged : GitMode::kHistory;
  Result<GitListing> listing = ListGitBlobs(options);
  if (listing.ok()) return 2;
  return listing.error().message.find("FIFO") != std::string::npos ? 0 : 4;
}

struct FifoCase {
  const char* what;
  const char* path;  // inside the work tree
  Mode mode;
};

TEST(HostileGitRefs, Issue14_13_FifosWhereLibgit2OpensFilesAreRefusedNotWaitedOn) {
  const std::vector<FifoCase> cases = {
      {"config", ".git/config", Mode::kHistory},
      {"packed-refs", ".git/packed-refs", Mode::kHistory},
      {"a branch ref", ".git/refs/heads/fifo", Mode::kHistory},
      {"alternates", ".git/objects/info/alternates", Mode::kHistory},
      {"the index", ".git/index", Mode::kStaged},
      {"an include.path target", "included.cfg", Mode::kHistory},
      {"a loose object", ".git/objects/ab/cdef0123456789abcdef0123456789abcdef01", Mode::kHistory},
      {"the index, for a tree scan's tracked files", ".git/index", Mode::kTree},
  };
  for (const FifoCase& c : cases) {
    TestRepo repo;
    repo.Write(".gitignore", "*.log\n");
    repo.Write("a.env", "TOKEN=" + FakeToken(50) + "\n");
    repo.WriteUnstaged("debug.log", "x\n");
    repo.Commit("one", 1000);
    if (std::string(c.what) == "an include.path target") {
      std::ofstream(repo.Path() + "/.git/config", std::ios::app) << "[include]\n\tpath = ../included.cfg\n";
    }
    const std::string path = repo.Path() + "/" + c.path;
    fs::create_directories(fs::path(path).parent_path());
    fs::remove(path);
    ASSERT_TRUE(MakeFifo(path)) << c.what;
    EXPECT_EQ(WithDeadline(20, [&] { return ListInChild(repo.Path(), c.mode); }), 0) << c.what;
  }
}

TEST(HostileGitRefs, Issue14_13_GitIndexFileNamingAFifoIsRefused) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(51) + "\n");
  repo.Commit("one", 1000);
  const std::string fifo = repo.Path() + "/other-index";
  ASSERT_TRUE(MakeFifo(fifo));
  EXPECT_EQ(WithDeadline(20,
                         [&] {
                           ::setenv("GIT_INDEX_FILE", fifo.c_str(), 1);
                           return ListInChild(repo.Path(), Mode::kStaged);
                         }),
            0);
}

}  // namespace
}  // namespace rekey
