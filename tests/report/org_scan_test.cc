// Issue 20: org-wide scans. Many repositories in one run (each finding
// carries its repository, a broken one does not stop the others), shards whose
// merged reports are byte-identical to a single run (history and tree; JSON
// and SARIF; in any order; a shard given twice), incremental re-scans with a
// state file (a secret added in the new commit is found, the old findings
// kept, the report equal to a full scan's), damaged state detected, rewritten
// history falling back to a full walk.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "rekey/report/findings_merge.h"
#include "rekey/report/findings_writer.h"
#include "rekey/scan/repo_scan.h"
#include "scan/test_rules.h"
#include "source/git_test_repo.h"
#include "source/temp_tree.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

struct OrgRun {
  std::string report;
  ScanSummary summary;
  bool ok = false;
};

OrgRun ScanOrg(const std::vector<RepoEntry>& repos, OrgScanOptions org, FindingsFormat format = FindingsFormat::kJson) {
  OrgRun run;
  std::unique_ptr<FindingSink> writer = MakeFindingsWriter(format, {}, run.report);
  ScanOptions options;
  options.threads = 2;
  Result<ScanSummary> summary = ScanRepositories(TestDatabase(), options, repos, org, *writer);
  run.ok = summary.ok();
  if (summary) run.summary = *summary;
  return run;
}

// Every shard of N, merged (in reverse order, the last shard given twice).
std::string MergedShards(const std::vector<RepoEntry>& repos, OrgScanOptions org, unsigned n, FindingsFormat format) {
  std::vector<MergeInput> inputs;
  for (unsigned i = n; i-- > 0;) {
    org.shard = {i, n};
    const OrgRun run = ScanOrg(repos, org, format);
    EXPECT_TRUE(run.ok);
    inputs.push_back({"shard-" + std::to_string(i), run.report});
  }
  inputs.push_back(inputs.front());
  Result<std::string> merged = MergeFindingsReports(inputs, {});
  EXPECT_TRUE(merged.ok()) << (merged.ok() ? "" : merged.error().message);
  return merged.ok() ? *merged : "";
}

class OrgScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int r = 0; r < 4; ++r) {
      repos_.push_back(std::make_unique<TestRepo>());
      TestRepo& repo = *repos_.back();
      repo.Write("README.md", "repo " + std::to_string(r) + "\n");
      repo.Commit("init", 1000);
      for (int c = 0; c < 3; ++c) {
        repo.Write("config/app" + std::to_string(c) + ".env", "TOKEN=" + FakeToken(100 + r * 10 + c) + "\n");
        repo.Write("notes.txt", "note " + std::to_string(c) + "\n");
        repo.Commit("c" + std::to_string(c), 2000 + c);
      }
      list_ += repo.Path() + "\n";
    }
    list_file_ = tree_.Write("repos.txt", list_);
  }

  std::vector<RepoEntry> Repos() {
    Result<std::vector<RepoEntry>> repos = ListRepositories(list_file_);
    EXPECT_TRUE(repos.ok());
    return repos.ok() ? *repos : std::vector<RepoEntry>{};
  }

  TempTree tree_;
  std::vector<std::unique_ptr<TestRepo>> repos_;
  std::string list_;
  std::string list_file_;
};

TEST_F(OrgScanTest, EachFindingCarriesItsRepositoryAndABrokenOneDoesNotStopTheOthers) {
  std::vector<RepoEntry> repos = Repos();
  repos.push_back({"zz-missing", tree_.Path("no-such-clone"), ""});
  const OrgRun run = ScanOrg(repos, {});
  ASSERT_TRUE(run.ok);
  ASSERT_EQ(run.summary.repositories.size(), 5u);
  EXPECT_FALSE(run.summary.repositories.back().error.empty());
  EXPECT_FALSE(run.summary.errors.empty());    // the run exits 2
  EXPECT_EQ(run.summary.stats.findings, 12u);  // 3 keys in each of the 4 readable repositories
  EXPECT_NE(run.report.find("\"repository\": \"" + repos[0].name + "\""), std::string::npos);
  EXPECT_NE(run.report.find("\"kind\": \"repository\""), std::string::npos);
}

TEST_F(OrgScanTest, ShardsByRepositoryMergeIntoTheSingleRunByteForByte) {
  const std::vector<RepoEntry> repos = Repos();
  for (bool history : {true, false}) {
    OrgScanOptions org;
    org.history = history;
    for (FindingsFormat format : {FindingsFormat::kJson, FindingsFormat::kSarif}) {
      const OrgRun single = ScanOrg(repos, org, format);
      EXPECT_EQ(MergedShards(repos, org, 3, format), single.report) << (history ? "history" : "tree");
    }
  }
}

TEST_F(OrgScanTest, ShardsByBlobAndByPathMergeIntoTheSingleRunByteForByte) {
  const std::vector<RepoEntry> one = {{repos_[0]->Path(), repos_[0]->Path(), ""}};
  for (bool history : {true, false}) {
    OrgScanOptions org;
    org.plain = true;
    org.history = history;
    org.tree_paths = {repos_[0]->Path()};
    for (FindingsFormat format : {FindingsFormat::kJson, FindingsFormat::kSarif}) {
      std::string single = ScanOrg(one, org, format).report;
      EXPECT_EQ(MergedShards(one, org, 4, format), single) << (history ? "history" : "tree");
    }
  }
}

TEST_F(OrgScanTest, MergeRefusesAMissingShardAndAShardTwiceWithOtherResults) {
  const std::vector<RepoEntry> repos = Repos();
  OrgScanOptions org;
  org.shard = {0, 2};
  const OrgRun first = ScanOrg(repos, org);
  Result<std::string> missing = MergeFindingsReports({{"a", first.report}}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("shard(s) 1 of 2 missing"), std::string::npos);
  org.shard = {1, 2};
  const OrgRun second = ScanOrg(repos, org);
  // The same shard again with other results (its repositories changed between
  // the runs): refused, whichever of the two would be right.
  std::string changed = second.report;
  const std::size_t at = changed.find("\"bytes_scanned\": ");
  ASSERT_NE(at, std::string::npos);
  changed.insert(at + 17, "1");
  Result<std::string> conflict = MergeFindingsReports({{"a", first.report}, {"b", second.report}, {"c", changed}}, {});
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("is shard 1 again, with other results"), std::string::npos)
      << conflict.error().message;
  EXPECT_FALSE(MergeFindingsReports({{"a", first.report}, {"b", "{\"version\":1,\"findings\":[]}"}}, {}).ok());
}

TEST_F(OrgScanTest, IncrementalRescanReadsTheNewCommitFindsItsSecretAndKeepsTheOldOnes) {
  TestRepo& repo = *repos_[0];
  const std::vector<RepoEntry> one = {{repo.Path(), repo.Path(), ""}};
  OrgScanOptions org;
  org.plain = true;
  org.state = tree_.Path("state.bin");
  const OrgRun first = ScanOrg(one, org);
  ASSERT_TRUE(first.ok);
  EXPECT_EQ(first.summary.stats.findings, 3u);

  repo.Write("config/new.env", "TOKEN=" + FakeToken(199) + "\n");
  repo.Commit("new key", 5000);
  const OrgRun second = ScanOrg(one, org);
  ASSERT_TRUE(second.ok);
  // The new blob and the three with findings (read again for their places);
  // none of the clean ones.
  EXPECT_EQ(second.summary.stats.files_scanned, 4u);
  EXPECT_EQ(second.summary.stats.commits, 5u);
  OrgScanOptions full = org;
  full.state.clear();
  const OrgRun reference = ScanOrg(one, full);
  EXPECT_EQ(reference.summary.stats.findings, 4u);
  // The same findings, places, commits and counts as a full scan.
  auto findings = [](const std::string& report) { return report.substr(0, report.find("\"stats\"")); };
  EXPECT_EQ(findings(second.report), findings(reference.report));

  // No new commit: nothing clean is read again.
  const OrgRun third = ScanOrg(one, org);
  EXPECT_EQ(third.summary.stats.files_scanned, 4u);
  EXPECT_EQ(findings(third.report), findings(reference.report));
}

TEST_F(OrgScanTest, RewrittenHistoryIsWalkedAgainInFull) {
  TestRepo& repo = *repos_[1];
  const std::vector<RepoEntry> one = {{repo.Path(), repo.Path(), ""}};
  OrgScanOptions org;
  org.plain = true;
  org.state = tree_.Path("state-dir/");
  ASSERT_TRUE(ScanOrg(one, org).ok);
  // Rewrite: the branch moves to a new commit off the first one (the old tip
  // is reachable from no ref any more).
  std::string head;
  std::getline(std::ifstream(repo.Path() + "/.git/HEAD"), head);
  const std::string branch = head.substr(head.find("refs/"));
  const std::string base = repo.Commit("side", 900, {"HEAD~3"}, "refs/heads/side");
  repo.SetRef(branch, base);
  repo.SetRef("refs/heads/side", base);
  const OrgRun after = ScanOrg(one, org);
  OrgScanOptions full = org;
  full.state.clear();
  const OrgRun reference = ScanOrg(one, full);
  auto findings = [](const std::string& report) { return report.substr(0, report.find("\"stats\"")); };
  EXPECT_EQ(findings(after.report), findings(reference.report));
}

TEST_F(OrgScanTest, ADamagedStateFileIsAClearErrorOrAFullScanWhenAsked) {
  const std::vector<RepoEntry> one = {{repos_[2]->Path(), repos_[2]->Path(), ""}};
  OrgScanOptions org;
  org.plain = true;
  org.state = tree_.Path("state.bin");
  ASSERT_TRUE(ScanOrg(one, org).ok);
  std::string bytes;
  {
    std::ifstream in(org.state, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 200u);
  bytes[bytes.size() - 3] ^= 0x5A;  // one bit pattern flipped in a blob id
  std::ofstream(org.state, std::ios::binary | std::ios::trunc) << bytes;

  std::string report;
  std::unique_ptr<FindingSink> writer = MakeFindingsWriter(FindingsFormat::kJson, {}, report);
  Result<ScanSummary> refused = ScanRepositories(TestDatabase(), {}, one, org, *writer);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("is damaged: its checksum does not match"), std::string::npos);

  org.ignore_damaged_state = true;
  const OrgRun recovered = ScanOrg(one, org);
  ASSERT_TRUE(recovered.ok);
  EXPECT_EQ(recovered.summary.stats.findings, 3u);
  ASSERT_EQ(recovered.summary.warnings.size(), 1u);
  EXPECT_NE(recovered.summary.warnings[0].find("--ignore-damaged-state"), std::string::npos);
  // Rewritten whole: the next run reads it again.
  org.ignore_damaged_state = false;
  EXPECT_TRUE(ScanOrg(one, org).ok);
}

TEST(Shard, ParsesIndexOverCountAndTakesTheIndexFromKubernetes) {
  ASSERT_TRUE(ParseShard("2/4").ok());
  EXPECT_EQ(ParseShard("2/4")->index, 2u);
  EXPECT_FALSE(ParseShard("4/4").ok());
  EXPECT_FALSE(ParseShard("1").ok());
  EXPECT_FALSE(ParseShard("x/2").ok());
  ::setenv("JOB_COMPLETION_INDEX", "3", 1);
  ASSERT_TRUE(ParseShard("/5").ok());
  EXPECT_EQ(ParseShard("/5")->index, 3u);
  ::unsetenv("JOB_COMPLETION_INDEX");
  EXPECT_FALSE(ParseShard("/5").ok());
}

}  // namespace
}  // namespace rekey
