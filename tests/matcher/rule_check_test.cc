#include "rekey/matcher/rule_check.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "matcher/test_rules.h"

namespace rekey {
namespace {

std::string RuleWithExamples(const std::string& example, const std::string& negative) {
  return "rules:\n  - id: t.live\n    name: Live\n    provider: Test\n    severity: high\n"
         "    pattern: '\\b(rklive_[0-9a-zA-Z]{24,99})\\b'\n    min_entropy: 3.0\n"
         "    examples: ['" +
         example + "']\n    negative_examples: ['" + negative + "']\n";
}

std::shared_ptr<const RulesDatabase> Build(const std::string& yaml) {
  Diagnostics diags;
  auto db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  EXPECT_TRUE(diags.empty());
  return db;
}

TEST(RuleCheck, PassesWhenExamplesBehave) {
  std::mt19937 rng(1);
  const std::string secret = "rklive_" + testing::RandomBase62(rng, 32);
  auto db = Build(RuleWithExamples("key = " + secret, "key = rklive_XXXXXXXXXXXXXXXXXXXXXXXXXXXX"));
  ASSERT_NE(db, nullptr);
  const RuleCheckReport report = CheckRuleExamples(*db);
  EXPECT_EQ(report.rules, 1u);
  EXPECT_EQ(report.examples, 1u);
  EXPECT_EQ(report.negative_examples, 1u);
  EXPECT_TRUE(report.problems.empty());
}

TEST(RuleCheck, ReportsFailingExamplesWithoutClearSecrets) {
  std::mt19937 rng(2);
  const std::string secret = "rklive_" + testing::RandomBase62(rng, 32);
  auto db = Build(RuleWithExamples("key = rklive_short", "key = " + secret));
  ASSERT_NE(db, nullptr);
  const RuleCheckReport report = CheckRuleExamples(*db);
  ASSERT_EQ(report.problems.size(), 2u);
  const RuleCheckProblem& missed = report.problems[0];
  EXPECT_EQ(missed.rule_id, "t.live");
  EXPECT_EQ(missed.example, "example 1");
  EXPECT_EQ(missed.loc.line, 8);
  EXPECT_EQ(missed.message, "example does not match its rule");
  EXPECT_EQ(missed.hyperscan, "no match");
  const RuleCheckProblem& matched = report.problems[1];
  EXPECT_EQ(matched.example, "negative example 1");
  EXPECT_EQ(matched.message, "negative example matches its rule");
  EXPECT_EQ(matched.hyperscan, "match rkli…(39) at 6..45 (none)");
  EXPECT_EQ(matched.reference, matched.hyperscan);
  EXPECT_EQ(matched.hyperscan.find(secret), std::string::npos);
}

TEST(RuleCheck, RedactsSecrets) {
  EXPECT_EQ(RedactSecret("rklive_abcdefghijkl"), "rkli…(19)");
  EXPECT_EQ(RedactSecret("abcdef"), "ab…(6)");
  EXPECT_EQ(RedactSecret(""), "…(0)");
}

}  // namespace
}  // namespace rekey
