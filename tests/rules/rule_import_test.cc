// Rules written for gitleaks (TOML) and Nosey Parker (YAML), read as rekey
// rules (src/rules/rule_import.h). The configurations here are small ones
// written for these tests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rekey/rules/rule_set.h"
#include "rules/regex_rewrite.h"

namespace rekey {
namespace {

TEST(RegexRewrite, CountsAndKeepsOneCaptureGroup) {
  struct Case {
    std::string pattern;
    int keep;
    int groups;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"abc", 0, 0, "(abc)"},
      {"(a)(b)", 2, 2, "(?:a)(b)"},
      {"(?i)(?:x)(a|b)", 1, 1, "(?i)(?:x)(a|b)"},
      {"(?P<key>k)(?<v>v)", 1, 2, "(k)(?:v)"},
      {"\\((a)\\)", 1, 1, "\\((a)\\)"},  // escaped parentheses are literals
      {"[(](a)[)]", 1, 1, "[(](a)[)]"},  // so are parentheses in a class
      {"[]()](b)", 1, 1, "[]()](b)"},    // a leading ']' stays inside the class
      {"(a(b)c)", 2, 2, "(?:a(b)c)"},    // nesting
      {"(?=x)(a)", 1, 1, "(?=x)(a)"},    // lookahead is no capture (RE2 rejects it later)
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CountCaptureGroups(c.pattern), c.groups) << c.pattern;
    EXPECT_EQ(KeepOneCaptureGroup(c.pattern, c.keep), c.want) << c.pattern;
  }
}

TEST(RegexRewrite, StripsExtendedMode) {
  EXPECT_EQ(StripExtendedMode("(?x)\n  a b   # comment\n  c\\ d \\# e\n"), "abc\\x20d#e");
  EXPECT_EQ(StripExtendedMode("(?xi) a [b c] # x"), "(?i)a[bc]");
  EXPECT_EQ(StripExtendedMode("(?x)[a\\ b]"), "[a\\x20b]");
  EXPECT_EQ(StripExtendedMode("a b # not extended"), "a b # not extended");
  EXPECT_EQ(StripExtendedMode("(?i)a b"), "(?i)a b");
}

// A gitleaks file written to a temporary directory, as --rules reads it.
class GitleaksImport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("gitleaks-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

constexpr char kConfig[] = R"toml(title = "team"
[extend]
useDefault = true
disabledRules = ["generic.password-assignment", "no-such-rule"]

[[rules]]
id = "Acme_Token"
description = "Acme service token"
regex = '''(?i)(acme)[_-]?token\s*=\s*"(acmt_[a-z0-9]{20})"'''
secretGroup = 2
entropy = 3.2
keywords = ["ACMT_"]
path = '''\.env$'''

  [rules.allowlist]
  stopwords = ["Fixture"]

  [[rules.allowlists]]
  condition = "AND"
  regexTarget = "line"
  regexes = ['''#\s*test''']
  paths = ['''^tests/''']

[[rules]]
id = "plain"
regex = '''plain_[0-9]{8}'''

[[allowlists]]
targetRules = ["plain"]
commits = ["abc123"]

[allowlist]
paths = ['''vendor/''']
)toml";

TEST_F(GitleaksImport, RulesKeywordsEntropyAndAllowlists) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags, false));
  const size_t builtins = rules.size();
  ASSERT_TRUE(rules.AddFile(Write("gitleaks.toml", kConfig), diags)) << diags.items().size();
  // useDefault keeps the built-ins; disabledRules drops one, warns for the other.
  EXPECT_EQ(rules.size(), builtins - 1 + 2);
  EXPECT_EQ(rules.Find("generic.password-assignment"), nullptr);
  const Rule* acme = rules.Find("acme-token");  // the id made a rekey id
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->name, "Acme service token");
  EXPECT_EQ(acme->pattern, "(?i)(?:acme)[_-]?token\\s*=\\s*\"(acmt_[a-z0-9]{20})\"");
  EXPECT_EQ(acme->min_entropy, 3.2);
  EXPECT_EQ(acme->keywords, std::vector<std::string>{"acmt_"});
  EXPECT_EQ(acme->pattern_loc.line, 9);
  // Its two allowlists, then the global one.
  ASSERT_EQ(acme->allowlists.size(), 3u);
  EXPECT_EQ(acme->allowlists[0].stopwords, std::vector<std::string>{"fixture"});
  EXPECT_TRUE(acme->allowlists[1].all);
  EXPECT_EQ(acme->allowlists[1].target, RuleAllowlist::Target::kLine);
  EXPECT_EQ(acme->allowlists[2].paths, std::vector<std::string>{"vendor/"});
  // No group: the whole match; targetRules adds to the named rule only.
  const Rule* plain = rules.Find("plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->pattern, "(plain_[0-9]{8})");
  ASSERT_EQ(plain->allowlists.size(), 2u);
  EXPECT_EQ(plain->allowlists[1].commits, std::vector<std::string>{"abc123"});
  // The global allowlist applies to the built-ins too.
  EXPECT_EQ(rules.Find("github.personal-access-token")->allowlists.size(), 1u);
  // Warnings: the path restriction, the unknown disabled id.
  std::vector<std::string> ids;
  for (const Diagnostic& d : diags.items()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"RK-IMP-006", "RK-IMP-007"}));
}

TEST_F(GitleaksImport, WithoutUseDefaultTheBuiltinsGo) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags, false));
  ASSERT_TRUE(rules.AddFile(Write("only.toml", "[[rules]]\nid = \"x\"\nregex = '''x_([0-9]{8})'''\n"), diags));
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules.rules()[0].id, "x");
}

TEST_F(GitleaksImport, ExtendPathChainsFiles) {
  Write("base.toml", "[extend]\nuseDefault = true\n[[rules]]\nid = \"base\"\nregex = '''base_([0-9]{8})'''\n");
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddFile(
      Write("team.toml", "[extend]\npath = \"base.toml\"\n[[rules]]\nid = \"team\"\nregex = '''team_([0-9]{8})'''\n"),
      diags));
  EXPECT_NE(rules.Find("base"), nullptr);
  EXPECT_NE(rules.Find("team"), nullptr);
  Diagnostics missing;
  RuleSet none;
  EXPECT_FALSE(none.AddFile(Write("bad.toml", "[extend]\npath = \"nowhere.toml\"\n"), missing));
  EXPECT_EQ(missing.items()[0].id, "RK-IMP-005");
}

TEST_F(GitleaksImport, ProblemsNameTheirLine) {
  Diagnostics diags;
  RuleSet rules;
  EXPECT_FALSE(rules.AddFile(Write("broken.toml", "[[rules]]\nid = \"a\"\nregex = 'unterminated\n"), diags));
  ASSERT_FALSE(diags.items().empty());
  EXPECT_EQ(diags.items()[0].id, "RK-IMP-001");
  EXPECT_EQ(diags.items()[0].loc.line, 3);

  Diagnostics group;
  EXPECT_FALSE(
      rules.AddFile(Write("group.toml", "[[rules]]\nid = \"g\"\nregex = '''(a)'''\nsecretGroup = 3\n"), group));
  EXPECT_EQ(group.items()[0].id, "RK-IMP-003");
  EXPECT_EQ(group.items()[0].loc.line, 3);

  Diagnostics path_only;
  EXPECT_TRUE(rules.AddFile(Write("p.toml", "[[rules]]\nid = \"pem\"\npath = '''\\.pem$'''\n"), path_only));
  ASSERT_EQ(path_only.items().size(), 1u);
  EXPECT_EQ(path_only.items()[0].id, "RK-IMP-004");  // a warning, not silence
  EXPECT_EQ(path_only.items()[0].severity, Severity::kWarning);
}

TEST(NoseyParkerImport, ReadsRulesInExtendedModeKeepingTheLastGroup) {
  const std::string yaml = R"yaml(rules:
- name: Acme Pair
  id: np.acme.1
  pattern: |
    (?x)
    (acme_id_[0-9]{4})      # the id
    \s+
    (acme_secret_[a-z]{8})  # the secret
  examples:
  - acme_id_1234 acme_secret_abcdefgh
  negative_examples:
  - acme_id_1234
  categories: [api, secret]
  confidence: medium
  min_entropy: 2.5
)yaml";
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddText(yaml, "np.yaml", false, diags));
  const Rule* r = rules.Find("np.acme.1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->pattern, "(?:acme_id_[0-9]{4})\\s+(acme_secret_[a-z]{8})");
  EXPECT_EQ(r->severity, RuleSeverity::kMedium);
  EXPECT_EQ(r->provider, "Acme Pair");
  EXPECT_EQ(r->min_entropy, 2.5);
  ASSERT_EQ(r->examples.size(), 1u);
  EXPECT_EQ(r->examples[0].loc.line, 10);
  EXPECT_EQ(r->negative_examples.size(), 1u);
}

TEST(NoseyParkerImport, ARekeyFileIsNotMistakenForOne) {
  Diagnostics diags;
  RuleSet rules;
  // A rekey rule that forgot its severity is reported as such, not imported.
  EXPECT_FALSE(
      rules.AddText("rules:\n  - id: a.b\n    name: x\n    provider: X\n    pattern: '(ab_[0-9]{4})'\n"
                    "    examples: [ab_1234]\n    negative_examples: [x]\n",
                    "mine.yaml", false, diags));
  ASSERT_FALSE(diags.items().empty());
  EXPECT_EQ(diags.items()[0].id, "RK-YAML-005");
}

}  // namespace
}  // namespace rekey
