// User detection rules under hostile content: patterns Hyperscan rejects or
// that are pathological must give a clear error naming the rule (never a
// crash, a hang or an unbounded compile); rule YAML gets the YAML guards.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hostile/hostile_util.h"
#include "matcher/test_rules.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rule_check.h"

namespace rekey {
namespace {

using testing::BuildDatabase;
using testing::RuleYaml;

std::string All(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += FormatDiagnostic(d) + "\n";
  return out;
}

struct BadRule {
  std::string name;
  std::string pattern;
  std::string id;  // the diagnostic expected
};

// Each pattern is valid RE2 with one capture and a literal, so it reaches the
// engine that refuses it; the error must name the rule and point at its pattern.
TEST(HostileRules, PatternsAnEngineRefusesAreNamedErrors) {
  const std::vector<BadRule> cases = {
      {"ungreedy flag", "(?U)rkbad_([a-z]{8})", "RK-RULE-007"},
      {"any byte", "rkbad_(\\C{8})", "RK-RULE-007"},
      {"embedded start anchor", "rkbad_^([a-z]{8})", "RK-RULE-007"},
      {"embedded end anchor", "(rkbad_[a-z]{8})$x", "RK-RULE-007"},
      {"repeat beyond RE2's limit", "(rkbad_[a-z]{1001})", "RK-RULE-005"},
      {"nested repeats beyond RE2's limit", "(rkbad_(?:(?:[a-z]{100}){100}){100})", "RK-RULE-005"},
  };
  for (const BadRule& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diags;
    const std::string yaml = "rules:\n" + RuleYaml("t.ok", "(rkok_[a-z]{8})") + RuleYaml("t.bad", c.pattern);
    EXPECT_EQ(BuildDatabase(yaml, CacheOptions{false, ""}, diags), nullptr);
    ASSERT_FALSE(diags.items().empty());
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ(d.id, c.id) << All(diags);
    EXPECT_NE(d.message.find("\"t.bad\""), std::string::npos) << d.message;
    EXPECT_EQ(d.loc.line, 13) << All(diags);
  }
}

// Both engines read a pattern as bytes and would take a raw 0xFF as Latin-1
// 'ÿ'; the rule file is YAML, which is UTF-8, so the byte is refused there,
// at the pattern, before it can reach an engine or a JSON report.
TEST(HostileRules, InvalidUtf8InAPatternIsRefusedAtThePattern) {
  Diagnostics diags;
  const std::string yaml = "rules:\n" + RuleYaml("t.ok", "(rkok_[a-z]{8})") + RuleYaml("t.bad", "(rkbad_\xff[a-z]{8})");
  EXPECT_EQ(BuildDatabase(yaml, CacheOptions{false, ""}, diags), nullptr);
  ASSERT_FALSE(diags.items().empty());
  EXPECT_EQ(diags.items()[0].id, "RK-YAML-010") << All(diags);
  EXPECT_EQ(diags.items()[0].loc.line, 13) << All(diags);
}

// Bounded repeats as large as RE2 allows, one after another: Hyperscan 5.4
// compiles them into bounded-repeat engines (no refusal, no blow-up), and the
// one match is found whole although it is 4006 bytes wide.
TEST(HostileRules, HugeBoundedRepeatsCompileAndScanInBoundedTime) {
  EXPECT_EQ(
      WithDeadline(120,
                   [] {
                     Diagnostics diags;
                     const std::string yaml =
                         "rules:\n" + RuleYaml("t.huge", "(rkbad_[a-z]{1000}[0-9]{1000}[a-f]{1000}[g-z]{1000})");
                     std::shared_ptr<const RulesDatabase> db = BuildDatabase(yaml, CacheOptions{false, ""}, diags);
                     if (db == nullptr) return 1;
                     auto cycle = [](std::string_view alphabet, std::size_t n) {
                       std::string out;
                       for (std::size_t i = 0; i < n; ++i) out += alphabet[i % alphabet.size()];
                       return out;
                     };
                     const std::string secret = "rkbad_" + cycle("abcdefghijklmnopqrstuvwxyz", 1000) +
                                                cycle("0123456789", 1000) + cycle("abcdef", 1000) +
                                                cycle("ghijklmnopqrstuvwxyz", 1000);
                     std::string data;
                     for (int i = 0; i < 200; ++i) data += secret.substr(0, 3000 + i) + " ";  // near misses
                     data += secret + " ";
                     Matcher matcher(db);
                     std::vector<RuleMatch> out;
                     matcher.Scan(data, out);
                     return out.size() == 1 && out[0].end - out[0].start == secret.size() ? 0 : 2;
                   }),
      0);
}

// Accepted by both engines and costly for neither at scan time: alternations
// and classes that explode backtracking engines are linear here.
TEST(HostileRules, ClassicReDosPatternsCompileAndScanLinearly) {
  Diagnostics diags;
  const std::string yaml = "rules:\n" + RuleYaml("t.redos1", "rkre_((?:a|aa)+)b") +
                           RuleYaml("t.redos2", "rkre_((?:a+)+)c") + RuleYaml("t.redos3", "rkre_((?:[a-z]*)*[0-9])");
  std::shared_ptr<const RulesDatabase> db = BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr) << All(diags);
  Matcher matcher(db);
  std::vector<RuleMatch> out;
  std::string data;
  for (int i = 0; i < 200; ++i) data += "rkre_" + std::string(3000, 'a') + "!";
  matcher.Scan(data, out);
  EXPECT_TRUE(out.empty());
}

TEST(HostileRules, RuleFileAliasBombIsADiagnostic) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'h'; ++level) {
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + static_cast<char>(level - 1);
    text += "]\n";
  }
  Diagnostics diags;
  RuleSet rules;
  EXPECT_FALSE(rules.AddText(text, "bomb.yaml", false, diags));
  EXPECT_NE(All(diags).find("RK-YAML-009"), std::string::npos) << All(diags);
}

// LoadYamlFile read with std::ifstream: `--rules x.yaml` naming a FIFO
// blocked forever, a link to /dev/zero streamed until memory ran out.
TEST(HostileRules, FifoRuleFileIsADiagnosticNotAHang) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path("rules.yaml")));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           Diagnostics diags;
                           RuleSet rules;
                           if (rules.AddFile(tree.Path("rules.yaml"), diags)) return 1;
                           const std::string expected =
                               tree.Path("rules.yaml") + ": error[RK-IO-001]: is a FIFO, not a regular file";
                           return All(diags).find(expected) == 0 ? 0 : 2;
                         }),
            0);
}

TEST(HostileRules, RuleFileLinkedToADeviceIsADiagnostic) {
  TempTree tree;
  std::filesystem::create_symlink("/dev/zero", tree.Path("rules.yaml"));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           Diagnostics diags;
                           RuleSet rules;
                           return !rules.AddFile(tree.Path("rules.yaml"), diags) &&
                                          All(diags).find("is a device, not a regular file") != std::string::npos
                                      ? 0
                                      : 1;
                         }),
            0);
}

// A rule directory listed its entries with is_regular_file(ec) sharing the
// iteration's error code: one link loop ended the listing ("cannot read rule
// directory"), and a FIFO was skipped without a word. Each is now named.
TEST(HostileRules, SpecialEntriesOfARuleDirectoryAreNamed) {
  TempTree tree;
  tree.Write("rules/a.yaml", "rules:\n" + RuleYaml("t.ok", "(rkok_[a-z]{8})"));
  std::filesystem::create_symlink(tree.Path("rules/loop.yaml"), tree.Path("rules/loop.yaml"));
  ASSERT_TRUE(MakeFifo(tree.Path("rules/pipe.yaml")));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           Diagnostics diags;
                           RuleSet rules;
                           if (rules.AddPath(tree.Path("rules"), diags)) return 1;
                           if (rules.rules().size() != 1) return 2;
                           const std::string all = All(diags);
                           if (all.find(tree.Path("rules/loop.yaml") + ": error[RK-IO-001]") == std::string::npos)
                             return 3;
                           return all.find(tree.Path("rules/pipe.yaml") + ": error[RK-IO-001]: is a FIFO") !=
                                          std::string::npos
                                      ? 0
                                      : 4;
                         }),
            0);
}

// Accepted by both engines in byte mode, but refused by Hyperscan in UTF-8
// mode; an escaped backslash before C, or \C inside \Q...\E, is a literal.
TEST(HostileRules, AnyByteIsRefusedOnlyWhenItIsTheConstruct) {
  for (const char* pattern : {"(rkok_\\\\C[a-z]{8})", "(rkok_\\Q\\C\\E[a-z]{8})"}) {
    Diagnostics diags;
    EXPECT_NE(BuildDatabase("rules:\n" + RuleYaml("t.ok", pattern), CacheOptions{false, ""}, diags), nullptr)
        << pattern << "\n"
        << All(diags);
  }
}

}  // namespace
}  // namespace rekey
