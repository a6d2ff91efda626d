// Scanner over git listings: each unique blob read once, findings repeated per
// place with provenance, staged scans limited to added lines, missing objects
// reported and skipped.
#include <gtest/gtest.h>

#include "rekey/scan/redact.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/git_source.h"
#include "scan/test_rules.h"
#include "source/git_test_repo.h"

namespace rekey {
namespace {

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary& s) override { summary = s; }
  std::vector<Finding> findings;
  ScanSummary summary;
};

class GitScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase();
    ASSERT_NE(db_, nullptr);
  }

  CollectingSink Scan(GitMode mode, const std::string& range = "", bool whole_files = false,
                      Baseline* baseline = nullptr, unsigned threads = 2) {
    GitSourceOptions git;
    git.repo = repo_.Path();
    git.mode = mode;
    git.range = range;
    Result<GitListing> listing = ListGitBlobs(git);
    EXPECT_TRUE(listing);
    ScanOptions options;
    options.threads = threads;
    options.baseline = baseline;
    std::unique_ptr<Source> source = MakeGitSource(std::move(*listing), {0, whole_files});
    CollectingSink sink;
    EXPECT_TRUE(Scanner(db_, options).Run(*source, sink));
    return sink;
  }

  std::shared_ptr<const RulesDatabase> db_;
  TestRepo repo_;
};

TEST_F(GitScanTest, HistoryFindsADeletedKeyAtTheCommitThatAddedIt) {
  const std::string token = FakeToken(7);
  repo_.Write("README.md", "docs\n");
  repo_.Commit("init", 1000);
  repo_.Write("payment/prod.env", "# prod\nTOKEN=" + token + "\n");
  const std::string leak = repo_.Commit("add prod config", 2000);
  repo_.Remove("payment/prod.env");
  repo_.Commit("oops, remove it", 3000);

  const CollectingSink sink = Scan(GitMode::kHistory);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.rule_id, "test.token");
  EXPECT_EQ(f.path, "payment/prod.env");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.column, 7);
  EXPECT_EQ(f.commit, leak);
  EXPECT_EQ(f.author, "Ann Dev <ann@example.com>");
  EXPECT_EQ(f.date, "1970-01-01T00:33:20Z");
  EXPECT_EQ(f.commit_count, 1);
  EXPECT_TRUE(f.secret.empty());
  EXPECT_EQ(sink.summary.stats.commits, 3u);
  EXPECT_TRUE(sink.summary.errors.empty());
}

TEST_F(GitScanTest, ABlobInManyCommitsAndPathsIsScannedOnce) {
  const std::string token = FakeToken(8);
  repo_.Write("a/config.env", "TOKEN=" + token + "\n");
  for (int i = 0; i < 10; ++i) {
    repo_.Write("counter.txt", std::to_string(i) + "\n");
    repo_.Commit("c" + std::to_string(i), 1000 + i);
  }
  repo_.Write("b/config.env", "TOKEN=" + token + "\n");  // the same blob at a second path
  repo_.Commit("copy", 2000);

  const CollectingSink sink = Scan(GitMode::kHistory);
  // 10 counter blobs + 1 config blob read; 11 + 11 + 1 appearances.
  EXPECT_EQ(sink.summary.stats.files_scanned, 11u);
  EXPECT_EQ(sink.summary.stats.blobs_deduplicated, 23u - 11u);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].path, "a/config.env");
  EXPECT_EQ(sink.findings[0].commit_count, 11);
  EXPECT_EQ(sink.findings[1].path, "b/config.env");
  EXPECT_EQ(sink.findings[1].commit_count, 1);
  EXPECT_EQ(sink.findings[0].fingerprint, sink.findings[1].fingerprint);
  EXPECT_EQ(sink.summary.stats.secrets, 1u);
}

TEST_F(GitScanTest, OutputDoesNotDependOnThreadCount) {
  for (unsigned i = 0; i < 30; ++i) repo_.Write("f" + std::to_string(i) + ".env", "TOKEN=" + FakeToken(100 + i) + "\n");
  repo_.Commit("many", 1000);
  const CollectingSink one = Scan(GitMode::kHistory, "", false, nullptr, 1);
  const CollectingSink two = Scan(GitMode::kHistory, "", false, nullptr, 2);
  ASSERT_EQ(one.findings.size(), 30u);
  ASSERT_EQ(two.findings.size(), 30u);
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    EXPECT_EQ(one.findings[i].path, two.findings[i].path);
    EXPECT_EQ(one.findings[i].fingerprint, two.findings[i].fingerprint);
  }
}

TEST_F(GitScanTest, RangeSeesOnlyWhatItsCommitsIntroduce) {
  repo_.Write("old.env", "TOKEN=" + FakeToken(1) + "\n");
  const std::string base = repo_.Commit("base", 1000);
  repo_.Write("new.env", "TOKEN=" + FakeToken(2) + "\n");
  const std::string head = repo_.Commit("pr", 2000);
  const CollectingSink sink = Scan(GitMode::kRange, base + ".." + head);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "new.env");
  EXPECT_EQ(sink.findings[0].commit, head);
}

TEST_F(GitScanTest, StagedReportsOnlyAddedLinesUnlessWholeFiles) {
  repo_.Write("app.env", "OLD TOKEN=" + FakeToken(1) + "\nname=x\n");
  repo_.Commit("existing key", 1000);
  repo_.Write("app.env", "OLD TOKEN=" + FakeToken(1) + "\nname=y\nNEW TOKEN=" + FakeToken(2) + "\n");

  CollectingSink sink = Scan(GitMode::kStaged);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].line, 3);
  EXPECT_TRUE(sink.findings[0].commit.empty());
  EXPECT_EQ(sink.summary.stats.commits, 0u);

  sink = Scan(GitMode::kStaged, "", /*whole_files=*/true);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].line, 1);
}

TEST_F(GitScanTest, StagedHonoursInlineAllowsAndBaselines) {
  const std::string allowed = FakeToken(3);
  const std::string baselined = FakeToken(4);
  repo_.Write("a.env", "# rekey:allow test.token\nTOKEN=" + allowed + "\nOTHER TOKEN=" + baselined + "\n");
  Finding accepted;
  accepted.rule_id = "test.token";
  accepted.path = "a.env";
  accepted.line = 3;
  accepted.fingerprint = SecretFingerprint("test.token", baselined);
  Baseline baseline = Baseline::FromFindings({accepted});
  const CollectingSink sink = Scan(GitMode::kStaged, "", false, &baseline);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_EQ(sink.summary.stats.suppressed_inline, 1u);
  EXPECT_EQ(sink.summary.stats.suppressed_baseline, 1u);
}

// History keeps a renamed file at both paths: the finding is reported at each,
// with the commit that put the key there, and counted as one secret.
TEST_F(GitScanTest, HistoryReportsARenamedKeyAtBothPathsAsOneSecret) {
  const std::string key = "TOKEN=" + FakeToken(9) + "\n";
  repo_.Write("old/prod.env", key);
  const std::string leak = repo_.Commit("add", 1000);
  repo_.Remove("old/prod.env");
  repo_.Write("new/prod.env", key);
  const std::string moved = repo_.Commit("move", 2000);

  const CollectingSink sink = Scan(GitMode::kHistory);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].path, "new/prod.env");
  EXPECT_EQ(sink.findings[0].commit, moved);
  EXPECT_EQ(sink.findings[1].path, "old/prod.env");
  EXPECT_EQ(sink.findings[1].commit, leak);
  EXPECT_EQ(sink.findings[0].fingerprint, sink.findings[1].fingerprint);
  EXPECT_EQ(sink.summary.stats.secrets, 1u);
  EXPECT_EQ(sink.summary.stats.files_scanned, 1u);  // one blob, read once
}

// A staged rename moves a key without adding it: nothing to report (it was
// reported when it was added) unless --whole-files.
TEST_F(GitScanTest, StagedRenameOfAKeyAddsNothingUnlessWholeFiles) {
  const std::string key = "TOKEN=" + FakeToken(10) + "\nname=service\nport=8080\n";
  repo_.Write("a.env", key);
  repo_.Commit("existing", 1000);
  repo_.Remove("a.env");
  repo_.Write("b.env", key);
  EXPECT_TRUE(Scan(GitMode::kStaged).findings.empty());
  const CollectingSink whole = Scan(GitMode::kStaged, "", /*whole_files=*/true);
  ASSERT_EQ(whole.findings.size(), 1u);
  EXPECT_EQ(whole.findings[0].path, "b.env");
}

TEST_F(GitScanTest, StagedOnAnUnbornHeadReportsTheFirstCommitsKeys) {
  repo_.Write("first.env", "name=x\nTOKEN=" + FakeToken(11) + "\n");
  const CollectingSink sink = Scan(GitMode::kStaged);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "first.env");
  EXPECT_EQ(sink.findings[0].line, 2);
  EXPECT_TRUE(sink.summary.errors.empty());
}

TEST_F(GitScanTest, RangeFindsAKeyAddedAndRemovedInsideIt) {
  repo_.Write("README", "docs\n");
  const std::string base = repo_.Commit("base", 1000);
  repo_.Write("tmp.env", "TOKEN=" + FakeToken(12) + "\n");
  const std::string added = repo_.Commit("add", 2000);
  repo_.Remove("tmp.env");
  const std::string head = repo_.Commit("remove", 3000);
  const CollectingSink sink = Scan(GitMode::kRange, base + ".." + head);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].commit, added);
  EXPECT_EQ(sink.summary.stats.commits, 2u);
}

TEST_F(GitScanTest, MissingBlobIsReportedAndTheScanGoesOn) {
  const std::string gone = "TOKEN=" + FakeToken(5) + "\n";
  repo_.Write("lost.env", gone);
  repo_.Write("kept.env", "TOKEN=" + FakeToken(6) + "\n");
  repo_.Commit("one", 1000);
  repo_.DeleteObject(repo_.BlobId(gone));
  const CollectingSink sink = Scan(GitMode::kHistory);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "kept.env");
  EXPECT_EQ(sink.summary.stats.objects_missing, 1u);
  ASSERT_EQ(sink.summary.errors.size(), 1u);
  EXPECT_EQ(sink.summary.errors[0].path, "lost.env");
  EXPECT_NE(sink.summary.errors[0].message.find(repo_.BlobId(gone)), std::string::npos);
}

}  // namespace
}  // namespace rekey
