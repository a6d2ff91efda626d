#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "rekey/report/findings_writer.h"
#include "rekey/scan/redact.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/tree_source.h"
#include "scan/test_rules.h"
#include "source/temp_tree.h"

namespace rekey {
namespace {

Finding MakeFinding(const std::string& path, int line, const std::string& rule_id, const std::string& secret) {
  Finding f;
  f.rule_id = rule_id;
  f.rule_name = "Test Token";
  f.severity = RuleSeverity::kHigh;
  f.provider = "TestCloud";
  f.path = path;
  f.line = line;
  f.column = 5;
  f.end_line = line;
  f.end_column = 5 + static_cast<int>(secret.size());
  f.secret_redacted = RedactedSecret(secret);
  f.fingerprint = SecretFingerprint(rule_id, secret);
  return f;
}

std::string Render(FindingsFormat format, const std::vector<Finding>& findings, const ScanSummary& summary = {},
                   FindingsWriterOptions options = {}) {
  std::string out;
  std::unique_ptr<FindingSink> sink = MakeFindingsWriter(format, options, out);
  for (const Finding& f : findings) sink->Add(f);
  sink->Finish(summary);
  return out;
}

TEST(FindingsFormat, Parses) {
  EXPECT_EQ(ParseFindingsFormat("sarif"), FindingsFormat::kSarif);
  EXPECT_EQ(ParseFindingsFormat("jsonl"), FindingsFormat::kJsonl);
  EXPECT_EQ(ParseFindingsFormat("xml"), std::nullopt);
}

TEST(FindingsText, GroupsIdenticalSecretsAndSummarizes) {
  const std::vector<Finding> findings = {MakeFinding("a.env", 3, "test.token", "first-secret-value"),
                                         MakeFinding("b.env", 1, "test.token", "other-secret-value"),
                                         MakeFinding("c.env", 9, "test.token", "first-secret-value")};
  ScanSummary summary;
  summary.stats.findings = 3;
  summary.stats.secrets = 2;
  summary.stats.files_scanned = 4;
  summary.stats.files_skipped_binary = 1;
  summary.stats.bytes_scanned = 2048;
  summary.stats.seconds = 0.25;
  const std::string fp = findings[0].fingerprint.substr(0, 12);
  const std::string fp2 = findings[1].fingerprint.substr(0, 12);
  EXPECT_EQ(Render(FindingsFormat::kText, findings, summary),
            "high  test.token  Test Token\n"
            "  secret firs\u2026(18 chars)  fingerprint " +
                fp +
                "\n"
                "  a.env:3:5\n"
                "  c.env:9:5\n"
                "\n"
                "high  test.token  Test Token\n"
                "  secret othe\u2026(18 chars)  fingerprint " +
                fp2 +
                "\n"
                "  b.env:1:5\n"
                "\n"
                "3 findings (2 secrets); 4 files scanned, 1 skipped (1 binary); 2.0 KiB in 250 ms\n");
}

TEST(FindingsText, QuietDropsTheSummaryAndColorPaints) {
  ScanSummary summary;
  EXPECT_EQ(Render(FindingsFormat::kText, {}, summary), "no findings; 0 files scanned; 0 B in 0 ms\n");
  FindingsWriterOptions quiet;
  quiet.quiet = true;
  EXPECT_EQ(Render(FindingsFormat::kText, {}, summary, quiet), "");
  FindingsWriterOptions color;
  color.color = true;
  EXPECT_NE(Render(FindingsFormat::kText, {MakeFinding("a", 1, "t.t", "s")}, summary, color).find("\033[31mhigh"),
            std::string::npos);
}

TEST(FindingsJson, HasTheContractShape) {
  Finding shown = MakeFinding("b.env", 2, "test.token", "visible-secret");
  shown.secret = "visible-secret";
  ScanSummary summary;
  summary.errors.push_back({"locked", "Permission denied"});
  const auto doc = nlohmann::json::parse(
      Render(FindingsFormat::kJson, {MakeFinding("a.env", 1, "test.token", "x"), shown}, summary));
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["findings"].size(), 2u);
  const auto& f = doc["findings"][0];
  EXPECT_EQ(f["rule_id"], "test.token");
  EXPECT_EQ(f["severity"], "high");
  EXPECT_EQ(f["line"], 1);
  EXPECT_EQ(f["validation"], "none");
  EXPECT_TRUE(f["commit"].is_null());
  EXPECT_TRUE(f["inventory_key"].is_null());
  EXPECT_FALSE(f.contains("secret"));
  EXPECT_EQ(doc["findings"][1]["secret"], "visible-secret");
  EXPECT_EQ(doc["stats"]["errors"], 1);
  EXPECT_EQ(doc["errors"][0]["path"], "locked");
}

TEST(FindingsJsonl, OneObjectPerLine) {
  const std::string out =
      Render(FindingsFormat::kJsonl, {MakeFinding("a", 1, "t.t", "s1"), MakeFinding("b", 2, "t.t", "s2")});
  std::istringstream lines(out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(nlohmann::json::parse(line)["path"], count == 0 ? "a" : "b");
    ++count;
  }
  EXPECT_EQ(count, 2);
}

TEST(FindingsSarif, ListsEachRuleOnceWithIndexesAndFingerprints) {
  const auto doc = nlohmann::json::parse(
      Render(FindingsFormat::kSarif, {MakeFinding("a b.env", 1, "x.one", "s1"), MakeFinding("c.env", 2, "x.two", "s2"),
                                      MakeFinding("d.env", 3, "x.one", "s3")}));
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const auto& run = doc["runs"][0];
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 2u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["id"], "x.two");
  ASSERT_EQ(run["results"].size(), 3u);
  EXPECT_EQ(run["results"][2]["ruleIndex"], 0);
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a%20b.env");
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
  EXPECT_EQ(run["results"][1]["partialFingerprints"]["secretFingerprint/v1"], SecretFingerprint("x.two", "s2"));
}

TEST(FindingsGithub, EscapesPropertiesAndData) {
  Finding f = MakeFinding("dir,x/a:b.env", 4, "test.token", "secret-value-1");
  f.rule_name = "100% bad";
  f.severity = RuleSeverity::kMedium;
  EXPECT_EQ(Render(FindingsFormat::kGithub, {f}),
            "::warning file=dir%2Cx/a%3Ab.env,line=4,col=5,endLine=4,endColumn=19,title=rekey test.token::100%25 bad "
            "sec\u2026(14 chars) (fingerprint " +
                f.fingerprint.substr(0, 12) + "). Rotate the key, then remove it.\n");
}

// Regression for issue 5: no output format may print a secret in clear.
TEST(FindingsWriters, NoFormatPrintsASecretInClear) {
  std::shared_ptr<const RulesDatabase> db = TestDatabase();
  ASSERT_NE(db, nullptr);
  TempTree tree;
  const std::string token = FakeToken(42);
  const std::string low = FakeLowToken(43);
  tree.Write("app.env", "TOKEN=" + token + "\nLOW=" + low + "\n");
  tree.Write("copy/app.env", "again " + token + "\n");
  for (FindingsFormat format : {FindingsFormat::kText, FindingsFormat::kJson, FindingsFormat::kJsonl,
                                FindingsFormat::kSarif, FindingsFormat::kGithub}) {
    for (bool show : {false, true}) {
      ScanOptions options;
      options.show_secrets = show;
      std::string out;
      std::unique_ptr<FindingSink> sink = MakeFindingsWriter(format, {}, out);
      std::unique_ptr<Source> source = MakeTreeSource({.walk = {.paths = {tree.Path()}}});
      const ScanSummary summary = *Scanner(db, options).Run(*source, *sink);
      ASSERT_EQ(summary.stats.findings, 3u);
      const bool may_show = show && format != FindingsFormat::kSarif && format != FindingsFormat::kGithub;
      EXPECT_EQ(out.find(token) != std::string::npos, may_show) << out;
      EXPECT_EQ(out.find(low) != std::string::npos, may_show) << out;
      // Nor a long piece of it: the redacted prefix is at most 4 bytes.
      EXPECT_EQ(out.find(token.substr(4, 12)) != std::string::npos, may_show) << out;
    }
  }
}

}  // namespace
}  // namespace rekey
