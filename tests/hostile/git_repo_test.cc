// Damaged repositories for `rekey scan --history`: a pack whose objects no
// longer inflate, and blobs that are simply gone (a partial clone, a pruned
// object). Each damaged object is an error naming it, everything else is
// still scanned, and the summary carries the errors (the CLI exits 2).
#include <git2.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "hostile/hostile_util.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/git_source.h"
#include "scan/test_rules.h"
#include "source/git_test_repo.h"

namespace rekey {
namespace {

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary&) override {}
  std::vector<Finding> findings;
};

ScanSummary ScanHistory(const TestRepo& repo, CollectingSink& sink) {
  GitSourceOptions source;
  source.repo = repo.Path();
  source.mode = GitMode::kHistory;
  Result<GitListing> listing = ListGitBlobs(source);
  EXPECT_TRUE(listing.ok()) << (listing.ok() ? "" : listing.error().message);
  if (!listing.ok()) return {};
  ScanOptions options;
  options.threads = 2;
  std::unique_ptr<Source> git = MakeGitSource(std::move(*listing), {});
  Result<ScanSummary> summary = Scanner(TestDatabase(), options).Run(*git, sink);
  EXPECT_TRUE(summary);
  return summary ? *summary : ScanSummary{};
}

// Moves every object reachable from HEAD into one pack (libgit2's pack
// builder) and deletes the loose copies, as `git gc` would.
void PackEverything(const TestRepo& repo) {
  git_repository* raw = nullptr;
  ASSERT_EQ(git_repository_open(&raw, repo.Path().c_str()), 0);
  git_packbuilder* builder = nullptr;
  ASSERT_EQ(git_packbuilder_new(&builder, raw), 0);
  git_revwalk* walk = nullptr;
  ASSERT_EQ(git_revwalk_new(&walk, raw), 0);
  ASSERT_EQ(git_revwalk_push_head(walk), 0);
  EXPECT_EQ(git_packbuilder_insert_walk(builder, walk), 0);
  EXPECT_EQ(git_packbuilder_write(builder, nullptr, 0, nullptr, nullptr), 0);
  git_revwalk_free(walk);
  git_packbuilder_free(builder);
  git_repository_free(raw);
  for (const auto& entry : std::filesystem::directory_iterator(repo.Path() + "/.git/objects")) {
    const std::string name = entry.path().filename().string();
    if (name.size() == 2) std::filesystem::remove_all(entry.path());  // loose objects live in objects/xx/
  }
}

std::string OnlyPack(const TestRepo& repo) {
  std::vector<std::string> packs;
  for (const auto& entry : std::filesystem::directory_iterator(repo.Path() + "/.git/objects/pack")) {
    if (entry.path().extension() == ".pack") packs.push_back(entry.path().string());
  }
  EXPECT_EQ(packs.size(), 1u);
  return packs.empty() ? "" : packs[0];
}

// The pack's header and trailing checksum stay intact (so libgit2 opens it)
// while every object between them is overwritten: none inflates any more.
void CorruptPackBody(const std::string& pack) {
  const auto size = std::filesystem::file_size(pack);
  ASSERT_GT(size, 12u + 20u);
  std::fstream file(pack, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(12);
  file << std::string(size - 12 - 20, '\xA5');
}

TEST(HostileGit, CorruptPackIsReportedAndTheRestIsScanned) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(20) + "\n");
  repo.Write("b.env", "TOKEN=" + FakeToken(21) + "\n");
  repo.Commit("packed", 1000);
  PackEverything(repo);
  // A later commit's objects are loose, outside the pack damaged next.
  repo.Write("c.env", "TOKEN=" + FakeToken(22) + "\n");
  repo.Commit("loose", 2000);
  CorruptPackBody(OnlyPack(repo));

  CollectingSink sink;
  const ScanSummary summary = ScanHistory(repo, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "c.env");
  // The first commit (its parent link) and both packed blobs are named.
  EXPECT_GE(summary.errors.size(), 3u);
  EXPECT_GE(summary.stats.objects_missing, 3u);
  bool named_a = false, named_b = false;
  for (const SourceError& error : summary.errors) {
    named_a = named_a || (error.path == "a.env" &&
                          error.message.find(repo.BlobId("TOKEN=" + FakeToken(20) + "\n")) != std::string::npos);
    named_b = named_b || error.path == "b.env";
  }
  EXPECT_TRUE(named_a && named_b);
}

TEST(HostileGit, MissingBlobsAreReportedAndTheRestIsScanned) {
  TestRepo repo;
  const std::string kept = "TOKEN=" + FakeToken(23) + "\n";
  const std::string gone = "TOKEN=" + FakeToken(24) + "\n";
  repo.Write("kept.env", kept);
  repo.Write("gone.env", gone);
  repo.Commit("one", 1000);
  repo.DeleteObject(repo.BlobId(gone));

  CollectingSink sink;
  const ScanSummary summary = ScanHistory(repo, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "kept.env");
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_EQ(summary.errors[0].path, "gone.env");
  EXPECT_NE(summary.errors[0].message.find(repo.BlobId(gone)), std::string::npos) << summary.errors[0].message;
  EXPECT_EQ(summary.stats.objects_missing, 1u);
}

// .git/shallow is the repository's own content: a link to /dev/zero there was
// read with std::ifstream (one endless line); a FIFO would block. Refused now.
TEST(HostileGit, ShallowFileLinkedToADeviceIsAnErrorNotARead) {
  TestRepo repo;
  repo.Write("a.env", "TOKEN=" + FakeToken(25) + "\n");
  repo.Commit("one", 1000);
  std::filesystem::create_symlink("/dev/zero", repo.Path() + "/.git/shallow");
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           GitSourceOptions source;
                           source.repo = repo.Path();
                           Result<GitListing> listing = ListGitBlobs(source);
                           if (!listing.ok()) return 1;
                           for (const SourceError& error : listing->errors) {
                             if (error.message == "is a symbolic link, not a regular file") return 0;
                           }
                           return 2;
                         }),
            0);
}

}  // namespace
}  // namespace rekey
