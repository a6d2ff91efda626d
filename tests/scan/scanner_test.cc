#include "rekey/scan/scanner.h"

#include <gtest/gtest.h>

#include "rekey/scan/redact.h"
#include "rekey/source/tree_source.h"
#include "rekey/scan/scan_rules.h"
#include "scan/test_rules.h"
#include "source/temp_tree.h"

namespace rekey {
namespace {

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary& s) override {
    summary = s;
    ++finished;
  }
  std::vector<Finding> findings;
  ScanSummary summary;
  int finished = 0;
};

ScanOptions Options(unsigned threads = 1) {
  ScanOptions options;
  options.threads = threads;
  return options;
}

// Scans the working tree at `paths` (files over `max_file_size` skipped, 0 = none).
ScanSummary RunTree(std::shared_ptr<const RulesDatabase> db, const ScanOptions& options,
                    std::vector<std::string> paths, FindingSink& sink, std::uint64_t max_file_size = 0) {
  TreeSourceOptions tree;
  tree.walk.paths = std::move(paths);
  tree.max_file_size = max_file_size;
  std::unique_ptr<Source> source = MakeTreeSource(std::move(tree));
  Result<ScanSummary> summary = Scanner(std::move(db), options).Run(*source, sink);
  EXPECT_TRUE(summary);
  return summary ? *summary : ScanSummary{};
}

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase();
    ASSERT_NE(db_, nullptr);
  }
  std::string Rel(const Finding& finding) const { return finding.path.substr(tree_.Path().size() + 1); }

  std::shared_ptr<const RulesDatabase> db_;
  TempTree tree_;
};

TEST_F(ScannerTest, FindsLocatesRedactsAndFingerprints) {
  const std::string token = FakeToken(1);
  tree_.Write("config/app.env", "# settings\nname=x\nTOKEN=" + token + "\n");
  CollectingSink sink;
  const ScanSummary summary = RunTree(db_, Options(), {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(Rel(f), "config/app.env");
  EXPECT_EQ(f.rule_id, "test.token");
  EXPECT_EQ(f.rule_name, "Test Token");
  EXPECT_EQ(f.provider, "TestCloud");
  EXPECT_EQ(f.severity, RuleSeverity::kHigh);
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.column, 7);
  EXPECT_EQ(f.end_line, 3);
  EXPECT_EQ(f.end_column, 7 + static_cast<int>(token.size()));
  EXPECT_EQ(f.secret_redacted, "rkte\u2026(31 chars)");
  EXPECT_TRUE(f.secret.empty());
  EXPECT_EQ(f.fingerprint, SecretFingerprint("test.token", token));
  EXPECT_EQ(summary.stats.files_scanned, 1u);
  EXPECT_EQ(summary.stats.findings, 1u);
  EXPECT_EQ(sink.finished, 1);
}

TEST_F(ScannerTest, OneSecretCapturedByTwoRulesIsReportedOnceUnderTheWorseRule) {
  tree_.Write("a.env", "TOKEN=" + FakeToken(12) + "\nTOKEN=" + FakeBody(13, 30) + "\n");
  CollectingSink sink;
  RunTree(db_, Options(), {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].rule_id, "test.token");  // high beats the medium generic rule
  EXPECT_EQ(sink.findings[1].rule_id, "test.generic-assignment");
}

TEST_F(ScannerTest, OnEqualSeverityTheVendorRuleBeatsTheGenericOne) {
  // test.generic-assignment comes first in the rule set, test.medium-token after it.
  tree_.Write("a.env", "TOKEN=" + std::string("rkmed") + "_" + FakeBody(14) + "\n");
  CollectingSink sink;
  RunTree(db_, Options(), {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].rule_id, "test.medium-token");
}

TEST_F(ScannerTest, ShowSecretsFillsTheClearSecret) {
  const std::string token = FakeToken(2);
  tree_.Write("a.txt", token);
  ScanOptions options = Options();
  options.show_secrets = true;
  CollectingSink sink;
  RunTree(db_, options, {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].secret, token);
  EXPECT_EQ(sink.findings[0].line, 1);
  EXPECT_EQ(sink.findings[0].column, 1);
}

TEST_F(ScannerTest, OrderIsDeterministicWhateverTheThreadCount) {
  for (int i = 0; i < 40; ++i) {
    std::string text;
    for (int j = 0; j < 3; ++j) text += "k" + std::to_string(j) + " = " + FakeToken(i * 10 + j) + "\n";
    text += FakeLowToken(i) + " " + FakeToken(i * 10) + "\n";
    tree_.Write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt", text);
  }
  CollectingSink one;
  RunTree(db_, Options(1), {tree_.Path()}, one);
  CollectingSink many;
  RunTree(db_, Options(4), {tree_.Path()}, many);
  ASSERT_EQ(one.findings.size(), 40u * 5);
  ASSERT_EQ(many.findings.size(), one.findings.size());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    EXPECT_EQ(one.findings[i].path, many.findings[i].path);
    EXPECT_EQ(one.findings[i].line, many.findings[i].line);
    EXPECT_EQ(one.findings[i].column, many.findings[i].column);
    EXPECT_EQ(one.findings[i].fingerprint, many.findings[i].fingerprint);
    if (i > 0) {
      EXPECT_FALSE(FindingLess(one.findings[i], one.findings[i - 1]));
    }
  }
  EXPECT_EQ(one.summary.stats.secrets, 40u * 3 + 40);
}

TEST_F(ScannerTest, InlineAllowsAreCountedNotReported) {
  tree_.Write("a.py", "x = '" + FakeToken(3) + "'  # rekey:allow\n# rekey:allow test.low-token\ny = '" +
                          FakeLowToken(4) + "'\nz = '" + FakeToken(5) + "'  # rekey:allow test.low-token\n");
  CollectingSink sink;
  const ScanSummary summary = RunTree(db_, Options(), {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].line, 4);
  EXPECT_EQ(summary.stats.suppressed_inline, 2u);
}

TEST_F(ScannerTest, BaselineSuppressesMovedSecretsAndReportsUnused) {
  const std::string kept = FakeToken(6);
  const std::string fixed = FakeToken(7);
  Finding old_kept;
  old_kept.rule_id = "test.token";
  old_kept.path = "old/place.txt";
  old_kept.line = 40;
  old_kept.fingerprint = SecretFingerprint("test.token", kept);
  Finding old_fixed = old_kept;
  old_fixed.fingerprint = SecretFingerprint("test.token", fixed);
  Baseline baseline = Baseline::FromFindings({old_kept, old_fixed});
  tree_.Write("new/place.txt", "\n\n" + kept + "\n" + FakeToken(8) + "\n");
  ScanOptions options = Options();
  options.baseline = &baseline;
  CollectingSink sink;
  const ScanSummary summary = RunTree(db_, options, {tree_.Path()}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].fingerprint, SecretFingerprint("test.token", FakeToken(8)));
  EXPECT_EQ(summary.stats.suppressed_baseline, 1u);
  ASSERT_EQ(summary.unused_baseline.size(), 1u);
  EXPECT_EQ(summary.unused_baseline[0].fingerprint, old_fixed.fingerprint);
}

TEST_F(ScannerTest, SkipsBinaryAndLargeFilesAndReportsErrors) {
  tree_.Write("bin.dat", std::string("\0", 1) + FakeToken(9));
  tree_.Write("big.txt", std::string(200, ' ') + FakeToken(10));
  tree_.Write("ok.txt", FakeToken(11));
  ScanOptions options = Options();
  CollectingSink sink;
  const ScanSummary summary = RunTree(db_, options, {tree_.Path(), tree_.Path("missing.txt")}, sink, 100);
  EXPECT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(summary.stats.files_scanned, 1u);
  EXPECT_EQ(summary.stats.files_skipped_binary, 1u);
  EXPECT_EQ(summary.stats.files_skipped_too_large, 1u);
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_EQ(summary.errors[0].path, tree_.Path("missing.txt"));
}

TEST_F(ScannerTest, EmptyTreeFinishesCleanly) {
  CollectingSink sink;
  const ScanSummary summary = RunTree(db_, Options(8), {tree_.Path()}, sink);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_EQ(summary.stats.files_scanned, 0u);
  EXPECT_EQ(sink.finished, 1);
}

// Issue 15: user rules' examples run through both engines as they load; a
// failing example is an error at its file:line, not a rule that quietly
// scans wrong.
TEST_F(ScannerTest, UserRuleExamplesAreCheckedWhenLoaded) {
  tree_.Write("rules/np.yaml",
              "rules:\n- name: Acme key\n  id: np.acme.1\n  pattern: '\\b(acmk_[0-9]{6})\\b'\n"
              "  examples: ['acmk_123456']\n  negative_examples: ['acmk_12345x', 'acmk_654321']\n");
  // An empty gitleaks file first: it replaces the built-in rules, which this
  // test need not compile.
  tree_.Write("rules/only.toml", "");
  Diagnostics diags;
  ScanRulesOptions options;
  options.paths = {tree_.Path() + "/rules/only.toml", tree_.Path() + "/rules/np.yaml"};
  options.use_cache = false;
  EXPECT_EQ(LoadScanRules(options, diags), nullptr);
  ASSERT_TRUE(diags.HasErrors());
  const Diagnostic& d = diags.items().back();
  EXPECT_EQ(d.id, "RK-RULE-013");
  EXPECT_EQ(d.loc.line, 6);
  EXPECT_NE(d.message.find("negative example 2"), std::string::npos) << d.message;
}

// An imported gitleaks file's global allowlist drops a finding by path.
TEST_F(ScannerTest, GitleaksAllowlistPathsDropFindings) {
  tree_.Write("gitleaks.toml",
              "[extend]\nuseDefault = false\n[[rules]]\nid = \"acme\"\nregex = '''acmk_([0-9]{6})'''\n"
              "[allowlist]\npaths = ['''(^|/)fixtures/''']\n");
  tree_.Write("src/app.py", "k = 'acmk_123456'\n");
  tree_.Write("src/fixtures/app.py", "k = 'acmk_123456'\n");
  Diagnostics diags;
  ScanRulesOptions options;
  options.paths = {tree_.Path() + "/gitleaks.toml"};
  options.use_cache = false;
  std::shared_ptr<const RulesDatabase> db = LoadScanRules(options, diags);
  ASSERT_NE(db, nullptr);
  CollectingSink sink;
  RunTree(db, Options(), {tree_.Path() + "/src"}, sink);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(Rel(sink.findings[0]), "src/app.py");
}

}  // namespace
}  // namespace rekey
