#include "rekey/rules/rule_set.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "rekey/rules/assignment.h"

namespace rekey {
namespace {

const std::string kTestdata = std::string(REKEY_SOURCE_DIR) + "/tests/rules/testdata";

// A minimal valid rule, one field per line, for the diagnostics table to edit.
std::string RuleYaml(const std::string& id, const std::string& extra = "") {
  return "  - id: " + id +
         "\n"
         "    name: Test\n"
         "    provider: Test\n"
         "    severity: high\n"
         "    pattern: '\\b(rktest_[a-z]{8})\\b'\n"
         "    examples: [a]\n"
         "    negative_examples: [b]\n" +
         extra;
}

TEST(RuleSet, LoadsValidFile) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_TRUE(rules.AddFile(kTestdata + "/valid.yaml", diags));
  ASSERT_FALSE(diags.HasErrors());
  ASSERT_EQ(rules.size(), 2u);
  const Rule* r = rules.Find("fake.token");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name, "Fake service token");
  EXPECT_EQ(r->provider, "FakeCorp");
  EXPECT_EQ(r->severity, RuleSeverity::kCritical);
  EXPECT_EQ(r->pattern, "\\b(rkfake_[0-9a-zA-Z]{24,64})\\b");
  EXPECT_EQ(r->keywords, std::vector<std::string>{"rkfake_"});  // lowercased
  ASSERT_TRUE(r->min_entropy.has_value());
  EXPECT_DOUBLE_EQ(*r->min_entropy, 3.0);
  EXPECT_EQ(r->validate, Validator::kNone);
  ASSERT_EQ(r->examples.size(), 1u);
  EXPECT_EQ(r->examples[0].loc.line, 10);
  EXPECT_EQ(r->negative_examples[0].loc.line, 11);
  EXPECT_EQ(r->references, std::vector<std::string>{"https://example.invalid/docs/tokens"});
  EXPECT_EQ(r->loc.line, 3);
  EXPECT_EQ(r->pattern_loc.line, 7);
  EXPECT_FALSE(r->builtin);
  EXPECT_EQ(rules.Find("fake.jwt")->validate, Validator::kJwt);
}

struct DiagCase {
  std::string name;
  std::string yaml;
  std::string id;
  int line;
  int column;
  std::string message_part;
  std::string hint_part;
};

TEST(RuleSet, ReportsEachProblemWithLocation) {
  const std::vector<DiagCase> cases = {
      {"unknown field", "rules:\n" + RuleYaml("t.a", "    keywrds: [x]\n"), "RK-YAML-004", 9, 5, "keywrds",
       "did you mean \"keywords\"?"},
      {"missing field",
       "rules:\n  - id: t.a\n    name: T\n    provider: T\n    severity: high\n"
       "    examples: [a]\n    negative_examples: [b]\n",
       "RK-YAML-005", 2, 5, "pattern", ""},
      {"bad severity", "rules:\n" + RuleYaml("t.a").replace(RuleYaml("t.a").find("high"), 4, "severe"), "RK-YAML-007",
       5, 15, "severe", ""},
      {"bad validator", "rules:\n" + RuleYaml("t.a", "    validate: gitlab-crc\n"), "RK-YAML-007", 9, 15, "gitlab-crc",
       ""},
      {"bad id", "rules:\n" + RuleYaml("Stripe_Key"), "RK-RULE-001", 2, 9, "Stripe_Key", ""},
      {"empty examples", "rules:\n" + RuleYaml("t.a").replace(RuleYaml("t.a").find("[a]"), 3, "[]"), "RK-RULE-003", 7,
       15, "examples", ""},
      {"entropy range", "rules:\n" + RuleYaml("t.a", "    min_entropy: 9\n"), "RK-RULE-010", 9, 18, "min_entropy", ""},
      {"not a list", "rules: {id: x}\n", "RK-RULE-004", 1, 8, "list", ""},
      {"no rules key", "rulez: []\n", "RK-YAML-004", 1, 1, "rulez", "did you mean \"rules\"?"},
  };
  for (const DiagCase& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diags;
    RuleSet rules;
    EXPECT_FALSE(rules.AddText(c.yaml, "t.yaml", false, diags));
    ASSERT_FALSE(diags.items().empty());
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ(d.id, c.id);
    EXPECT_EQ(d.loc.path, "t.yaml");
    EXPECT_EQ(d.loc.line, c.line);
    EXPECT_EQ(d.loc.column, c.column);
    EXPECT_NE(d.message.find(c.message_part), std::string::npos) << d.message;
    EXPECT_NE(d.hint.find(c.hint_part), std::string::npos) << d.hint;
    EXPECT_EQ(rules.size(), 0u);
  }
}

TEST(RuleSet, ReportsEveryProblemInAFile) {
  Diagnostics diags;
  RuleSet rules;
  const std::string yaml = "rules:\n" + RuleYaml("Bad_One") + RuleYaml("t.ok") + RuleYaml("t.b", "    colour: red\n");
  EXPECT_FALSE(rules.AddText(yaml, "t.yaml", false, diags));
  EXPECT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(rules.size(), 1u);  // the valid rule is still loaded
}

TEST(RuleSet, DuplicateIdNamesBothPlaces) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_TRUE(rules.AddText("rules:\n" + RuleYaml("t.same"), "first.yaml", false, diags));
  EXPECT_FALSE(rules.AddText("# comment\nrules:\n" + RuleYaml("t.same"), "second.yaml", false, diags));
  ASSERT_EQ(diags.items().size(), 1u);
  const Diagnostic& d = diags.items()[0];
  EXPECT_EQ(d.id, "RK-RULE-002");
  EXPECT_EQ(d.loc, (SourceLoc{"second.yaml", 3, 5}));
  EXPECT_NE(d.message.find("first.yaml:2:5"), std::string::npos) << d.message;
  EXPECT_EQ(rules.size(), 1u);
}

TEST(RuleSet, LoadsDirectoryInNameOrder) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_TRUE(rules.AddPath(kTestdata + "/dir", diags));
  EXPECT_TRUE(diags.empty());
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.rules()[0].id, "dir.alpha");
  EXPECT_EQ(rules.rules()[1].id, "dir.beta");
}

TEST(RuleSet, MissingFileIsAnError) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_FALSE(rules.AddPath(kTestdata + "/absent.yaml", diags));
  ASSERT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.items()[0].id, "RK-IO-001");
}

TEST(RuleSet, DisableRemovesRulesAndRejectsUnknownIds) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddPath(kTestdata + "/dir", diags));
  EXPECT_TRUE(rules.Disable({"dir.alpha"}, diags));
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules.Find("dir.alpha"), nullptr);
  EXPECT_NE(rules.Find("dir.beta"), nullptr);
  EXPECT_FALSE(rules.Disable({"dir.betta"}, diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-RULE-009");
  EXPECT_NE(diags.items()[0].hint.find("dir.beta"), std::string::npos);
}

TEST(RuleSet, EmbeddedBuiltinsLoad) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_TRUE(rules.AddBuiltins(diags));
  for (const Diagnostic& d : diags.items()) ADD_FAILURE() << FormatDiagnostic(d);
  size_t total = 0;
  for (const EmbeddedRuleFile& f : BuiltinRuleFiles()) {
    EXPECT_EQ(f.path.substr(0, 6), "rules/");
    EXPECT_FALSE(f.text.empty());
    ++total;
  }
  for (const Rule& r : rules.rules()) {
    EXPECT_TRUE(r.builtin);
    EXPECT_EQ(r.loc.path.substr(0, 6), "rules/");
  }
  if (total > 0) {
    EXPECT_GT(rules.size(), 0u);
  }
}

// A scan loads the built-ins without their examples; everything it matches
// with is the same as in the full set `rules check` uses.
TEST(RuleSet, BuiltinsWithoutExamplesKeepEveryRule) {
  Diagnostics diags;
  RuleSet full, lean;
  ASSERT_TRUE(full.AddBuiltins(diags));
  ASSERT_TRUE(lean.AddBuiltins(diags, /*with_examples=*/false));
  ASSERT_EQ(full.size(), lean.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    const Rule& a = full.rules()[i];
    const Rule& b = lean.rules()[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.pattern, b.pattern);
    EXPECT_EQ(a.keywords, b.keywords);
    EXPECT_EQ(a.validate, b.validate);
    EXPECT_EQ(a.min_entropy, b.min_entropy);
    EXPECT_FALSE(a.examples.empty());
    EXPECT_TRUE(b.examples.empty());
    EXPECT_TRUE(b.negative_examples.empty());
  }
  const std::vector<Rule> taken = std::move(lean).TakeRules();
  EXPECT_EQ(taken.size(), full.size());
}

}  // namespace
}  // namespace rekey

namespace rekey {
namespace {

TEST(RuleSet, ContextWrapsThePatternInTheAssignmentGrammar) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddText("rules:\n" + RuleYaml("t.ctx", "    context: 'acme[_.-]?key'\n"), "t.yaml", false, diags));
  ASSERT_FALSE(diags.HasErrors());
  const Rule* r = rules.Find("t.ctx");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->context, "acme[_.-]?key");
  EXPECT_EQ(r->value_pattern, "\\b(rktest_[a-z]{8})\\b");
  EXPECT_EQ(r->pattern, AssignmentPattern("acme[_.-]?key", "\\b(rktest_[a-z]{8})\\b"));
  EXPECT_TRUE(r->pattern.starts_with("(?i:acme[_.-]?key)"));
  EXPECT_TRUE(r->pattern.ends_with(r->value_pattern));
}

TEST(RuleSet, EmptyContextIsAnError) {
  Diagnostics diags;
  RuleSet rules;
  rules.AddText("rules:\n" + RuleYaml("t.ctx", "    context: ''\n"), "t.yaml", false, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-RULE-012");
  EXPECT_EQ(diags.items()[0].loc.line, 9);
}

TEST(RuleSet, SelectRulesetsKeepsTheNamedSets) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddText("rules:\n" + RuleYaml("t.default") + RuleYaml("t.hash", "    ruleset: hashes\n") +
                                RuleYaml("t.asset", "    ruleset: assets\n"),
                            "t.yaml", false, diags));
  EXPECT_EQ(rules.Find("t.default")->ruleset, "default");  // when the rule does not say
  EXPECT_EQ(rules.Rulesets(), (std::vector<std::string>{"assets", "default", "hashes"}));
  RuleSet all = rules;
  EXPECT_TRUE(all.SelectRulesets({"all"}, diags));
  EXPECT_EQ(all.size(), 3u);
  RuleSet two = rules;
  EXPECT_TRUE(two.SelectRulesets({"default", "hashes"}, diags));
  EXPECT_EQ(two.size(), 2u);
  EXPECT_EQ(two.Find("t.asset"), nullptr);
  EXPECT_NE(two.Find("t.hash"), nullptr);
  EXPECT_FALSE(diags.HasErrors());
  EXPECT_FALSE(rules.SelectRulesets({"hashs"}, diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-RULE-015");
  EXPECT_NE(diags.items()[0].hint.find("did you mean \"hashes\"?"), std::string::npos) << diags.items()[0].hint;
}

TEST(RuleSet, InvalidRulesetNameIsAnError) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_FALSE(rules.AddText("rules:\n" + RuleYaml("t.x", "    ruleset: Not Valid\n"), "t.yaml", false, diags));
  ASSERT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.items()[0].id, "RK-RULE-001");
}

TEST(RuleSet, BuiltinHashAndAssetRulesAreInTheirOwnSets) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags, /*with_examples=*/false));
  ASSERT_NE(rules.Find("hash.bcrypt"), nullptr);
  EXPECT_EQ(rules.Find("hash.bcrypt")->ruleset, "hashes");
  ASSERT_NE(rules.Find("asset.aws-account-id"), nullptr);
  EXPECT_EQ(rules.Find("asset.aws-account-id")->ruleset, "assets");
  EXPECT_EQ(rules.Find("generic.password-assignment")->ruleset, "default");
  ASSERT_TRUE(rules.SelectRulesets({"default"}, diags));
  EXPECT_EQ(rules.Find("hash.bcrypt"), nullptr);
}

TEST(RuleSet, StrictContextNeedsAQuoteAfterLooseSeparators) {
  // The strict grammar (context_strict) lets `=` and `:` take an unquoted
  // value, but not `,`, `(` or whitespace (parameter lists, declarations).
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(
      rules.AddText("rules:\n" + RuleYaml("t.strict", "    context: 'passw(?:or)?d'\n    context_strict: true\n") + "",
                    "t.yaml", false, diags));
  const Rule* r = rules.Find("t.strict");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->context_strict);
  EXPECT_EQ(r->pattern, AssignmentPattern("passw(?:or)?d", "\\b(rktest_[a-z]{8})\\b", AssignmentGrammar::kStrict));
  EXPECT_NE(r->pattern, AssignmentPattern("passw(?:or)?d", "\\b(rktest_[a-z]{8})\\b"));
}

}  // namespace
}  // namespace rekey
