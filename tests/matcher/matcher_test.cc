#include "rekey/matcher/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "matcher/confirm.h"
#include "matcher/database_impl.h"
#include "matcher/test_rules.h"
#include "matcher/validators.h"

namespace rekey {
namespace {

using testing::BuildTestDatabase;
using testing::RandomBase62;
using testing::RandomHex;

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = BuildTestDatabase();
    ASSERT_NE(db_, nullptr);
  }

  std::vector<RuleMatch> Scan(std::string_view data) {
    Matcher matcher(db_);
    std::vector<RuleMatch> out;
    matcher.Scan(data, out);
    return out;
  }

  // All rules through the RE2-only engine, in Matcher order.
  std::vector<RuleMatch> Reference(std::string_view data) {
    std::vector<RuleMatch> out;
    ScanReferenceAll(*db_, data, out);
    return out;
  }

  static std::string Secret(std::string_view data, const RuleMatch& m) {
    return std::string(data.substr(m.secret_start, m.secret_end - m.secret_start));
  }

  std::shared_ptr<const RulesDatabase> db_;
  std::mt19937 rng_{20261125};
};

TEST_F(MatcherTest, BoundedRepeatTailIsReportedOnce) {
  const std::string token = "rklive_" + RandomBase62(rng_, 60);
  const std::string data = "key: " + token + " end";
  const std::vector<RuleMatch> m = Scan(data);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule, testing::kLive);
  EXPECT_EQ(m[0].start, 5u);
  EXPECT_EQ(m[0].end, 5 + token.size());
  EXPECT_EQ(Secret(data, m[0]), token);
  EXPECT_EQ(m[0].validation, Validation::kNone);
}

TEST_F(MatcherTest, HitsAtBufferStartAndEnd) {
  const std::string a = "rklive_" + RandomBase62(rng_, 30);
  const std::string b = "rklive_" + RandomBase62(rng_, 99);
  for (const std::string& data : {a, a + "\n" + b, b + " " + a}) {
    SCOPED_TRACE(data.size());
    const std::vector<RuleMatch> m = Scan(data);
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(m.front().start, 0u);
    EXPECT_EQ(m.back().end, data.size());
    EXPECT_EQ(m, Reference(data));
  }
}

TEST_F(MatcherTest, WindowEdges) {
  const std::string token = "rkpair_" + RandomHex(rng_, 8) + "_" + RandomHex(rng_, 8);
  for (size_t pad : {size_t{0}, size_t{1}, kConfirmWindow - 25, kConfirmWindow - 24, kConfirmWindow, kConfirmWindow + 1,
                     3 * kConfirmWindow + 7}) {
    SCOPED_TRACE(pad);
    const std::string data = std::string(pad, 'x') + " " + token + " " + std::string(pad, 'y');
    const std::vector<RuleMatch> m = Scan(data);
    ASSERT_EQ(m.size(), 2u);  // t.pair and t.pair-long at the same start
    EXPECT_EQ(m[0].start, pad + 1);
    EXPECT_EQ(m, Reference(data));
  }
}

TEST_F(MatcherTest, OverlappingRulesSortedByStartThenRule) {
  const std::string h1 = RandomHex(rng_, 8), h2 = RandomHex(rng_, 8);
  const std::string data = "rkpair_" + h1 + "_" + h2 + " rkpair_" + h2;
  const std::vector<RuleMatch> m = Scan(data);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].rule, testing::kPair);
  EXPECT_EQ(Secret(data, m[0]), h1);
  EXPECT_EQ(m[1].rule, testing::kPairLong);
  EXPECT_EQ(m[1].start, 0u);
  EXPECT_EQ(m[1].end, 24u);
  EXPECT_EQ(m[2].rule, testing::kPair);
  EXPECT_EQ(m[2].start, 25u);
  EXPECT_EQ(m, Reference(data));
}

TEST_F(MatcherTest, ManyHitsPerLine) {
  std::string data;
  std::vector<std::string> tokens;
  for (int i = 0; i < 300; ++i) {
    tokens.push_back("rklive_" + RandomBase62(rng_, 24 + static_cast<size_t>(i % 70)));
    data += tokens.back() + (i % 2 ? ", " : " ");
  }
  const std::vector<RuleMatch> m = Scan(data);
  ASSERT_EQ(m.size(), tokens.size());
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(Secret(data, m[i]), tokens[i]);
  EXPECT_EQ(m, Reference(data));
}

TEST_F(MatcherTest, KeywordsMustOccurInTheMatch) {
  const std::string hex = RandomHex(rng_, 32);
  struct Case {
    std::string text;
    bool match;
  };
  for (const Case& c : std::vector<Case>{{"api_token = \"" + hex + "\"", true},
                                         {"CLIENT_SECRET: \"" + hex + "\"", true},
                                         {"colour = \"" + hex + "\"", false},
                                         {"token\ncolour = \"" + hex + "\"", false}}) {
    SCOPED_TRACE(c.text);
    const std::vector<RuleMatch> m = Scan(c.text);
    EXPECT_EQ(!m.empty(), c.match);
    if (!m.empty()) {
      EXPECT_EQ(Secret(c.text, m[0]), hex);
    }
    EXPECT_EQ(m, Reference(c.text));
  }
}

TEST_F(MatcherTest, KeywordModeFindsMatchesNearLaterKeywords) {
  // t.keyword has no literal, so Hyperscan reports its keywords; a match may
  // straddle the window of an earlier keyword that confirmed nothing.
  const std::string hex = RandomHex(rng_, 32);
  for (size_t gap : {size_t{0}, size_t{100}, kKeywordWindow - 40, kKeywordWindow - 5, kKeywordWindow,
                     kKeywordWindow + 300, 3 * kKeywordWindow}) {
    SCOPED_TRACE(gap);
    const std::string data = "secret " + std::string(gap, '.') + " api_token = \"" + hex + "\"";
    const std::vector<RuleMatch> m = Scan(data);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(Secret(data, m[0]), hex);
    EXPECT_EQ(m, Reference(data));
  }
}

TEST_F(MatcherTest, EntropyGateAndPlaceholdersDropMatches) {
  std::string low;
  while (low.size() < 30) low += "abc";
  for (const std::string& body :
       std::vector<std::string>{low, "Q7xXXXXXXXXk2mP9qRt4vW8yZb3n", "Q7xk2mP9ExampleToken4vW8yZb3n",
                                "Q7xk2mP9qRt4vW8yZb3nRedacted", "Q7xk2mP9qRt4vW8yZb3nDummyKey"}) {
    SCOPED_TRACE(body);
    const std::string data = "k = rklive_" + body;
    EXPECT_TRUE(Scan(data).empty());
    EXPECT_TRUE(Reference(data).empty());
  }
  EXPECT_EQ(Scan("k = rklive_" + RandomBase62(rng_, 30)).size(), 1u);
}

TEST_F(MatcherTest, GithubChecksumValidatesAndRecordsIt) {
  const std::string body = RandomBase62(rng_, 30);
  const std::string token =
      "gh"
      "p_" +
      body + Base62Crc32(body);
  std::vector<RuleMatch> m = Scan("GITHUB_TOKEN=" + token + "\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule, testing::kGithub);
  EXPECT_EQ(m[0].validation, Validation::kChecksumValid);

  std::string tampered = token;
  tampered[10] = tampered[10] == 'a' ? 'b' : 'a';
  EXPECT_TRUE(Scan("GITHUB_TOKEN=" + tampered + "\n").empty());
  EXPECT_TRUE(Scan("GITHUB_TOKEN=" + token.substr(0, 34) + "ZZZZZZ\n").empty());
}

TEST_F(MatcherTest, NpmChecksumValidates) {
  const std::string body = RandomBase62(rng_, 30);
  const std::string token =
      "np"
      "m_" +
      body + Base62Crc32(body);
  std::vector<RuleMatch> m = Scan("//registry.npmjs.org/:_authToken=" + token);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].validation, Validation::kChecksumValid);
  std::string tampered = token;
  tampered[4] = tampered[4] == 'a' ? 'b' : 'a';
  EXPECT_TRUE(Scan("//registry.npmjs.org/:_authToken=" + tampered).empty());
}

std::string Base64Url(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 63]);
  return out;
}

TEST_F(MatcherTest, JwtNeedsAHeaderWithAlg) {
  const std::string payload = Base64Url("{\"sub\":\"rekey-test\"}");
  const std::string signature = RandomBase62(rng_, 43);
  const std::string good = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + payload + "." + signature;
  const std::string bad = Base64Url("{\"typ\":\"JWT\",\"kid\":\"k1\"}") + "." + payload + "." + signature;
  std::vector<RuleMatch> m = Scan("Authorization: Bearer " + good);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].validation, Validation::kFormatValid);
  EXPECT_TRUE(Scan("Authorization: Bearer " + bad).empty());
}

TEST_F(MatcherTest, PrefixOccurrencesThatDoNotMatchAreSkipped) {
  // t.live starts with the literal "rklive_": the Matcher tries each occurrence
  // anchored; those that do not start a match must not hide a later one.
  const std::string token = "rklive_" + RandomBase62(rng_, 30);
  for (const std::string& data : {"rklive_ rklive_x " + token, "rklive_rklive_x;" + token + " rklive_",
                                  "xrklive_" + RandomBase62(rng_, 30) + " " + token}) {
    SCOPED_TRACE(data);
    const std::vector<RuleMatch> m = Scan(data);
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(Secret(data, m.back()), token);
    EXPECT_EQ(m, Reference(data));
  }
}

TEST(RequiredPrefix, IsTheLiteralEveryMatchStartsWith) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\\b(rklive_[0-9a-z]{4})\\b", "rklive_"},
      {"(?:rkab|rkac)_(x)", "rka"},
      {"rk(?:a|b)_(x)", ""},         // common prefix "rk" is under 3 bytes
      {"(?i)rklive_(x)", ""},        // caseless: the bounds differ in case
      {"[a-z]{0,4}rklive_(x)", ""},  // the literal is not at the start
      {"(rklive_)?x(y)", ""},
  };
  for (const auto& [pattern, prefix] : cases) {
    SCOPED_TRACE(pattern);
    const RE2 re(pattern, RuleRe2Options());
    ASSERT_TRUE(re.ok());
    EXPECT_EQ(RequiredPrefix(re), prefix);
  }
}

// Issue #17.1: a hand-written caseless-prefix analysis anchored this rule on
// "abcdef_" and lost every match of its second branch. Caseless rules are now
// confirmed by RE2's own unanchored search, like the reference engine.
TEST(Matcher, CaselessRuleWithATopLevelAlternativeFindsBothBranches) {
  Diagnostics diags;
  const std::string yaml = "rules:\n" + testing::RuleYaml("t.branches", "(?i)abcdef_([0-9]{20})|wxyzuv_[0-9]{20}");
  const std::shared_ptr<const RulesDatabase> db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->impl().anchors[0].prefix, "");
  Matcher matcher(db);
  const std::string first = "x ABCDEF_12345678901234567890 y";
  const std::string second = "x wxyzuv_12345678901234567890 y";
  for (const std::string& data : {first, second, first + "\n" + second}) {
    SCOPED_TRACE(data);
    std::vector<RuleMatch> got, want;
    matcher.Scan(data, got);
    ScanReference(*db, 0, data, want);
    EXPECT_EQ(got, want);
    EXPECT_FALSE(got.empty());
  }
  std::vector<RuleMatch> got;
  matcher.Scan(first + "\n" + second, got);
  EXPECT_EQ(got.size(), 2u);
}

TEST(Matcher, CaselessContextRuleAgreesWithTheReferenceInAnyCase) {
  Diagnostics diags;
  const std::string yaml =
      "rules:\n" + testing::RuleYaml("t.caseless", "(?i:rkcal[\\w.-]{0,8}token)[ \\t]{0,2}=[ \\t]{0,2}([0-9a-f]{16})");
  const std::shared_ptr<const RulesDatabase> db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr);
  Matcher matcher(db);
  for (const std::string& data :
       {std::string("RKCAL_TOKEN=0123456789abcdef"), std::string("x rkCal-api.token = 0123456789abcdef;"),
        std::string("rkcal rkcaltoken=0123456789abcdef RKcAlToKeN=fedcba9876543210"),
        std::string("rkca rkcal_token=0123"), std::string("RKCAL")}) {
    SCOPED_TRACE(data);
    std::vector<RuleMatch> got, want;
    matcher.Scan(data, got);
    ScanReference(*db, 0, data, want);
    EXPECT_EQ(got, want);
  }
  std::vector<RuleMatch> got;
  matcher.Scan("rkcal rkcaltoken=0123456789abcdef RKcAlToKeN=fedcba9876543210", got);
  EXPECT_EQ(got.size(), 2u);
}

TEST_F(MatcherTest, EmptyAndMatchlessBuffers) {
  EXPECT_TRUE(Scan("").empty());
  EXPECT_TRUE(Scan(std::string(100000, 'a')).empty());
}

TEST_F(MatcherTest, AgreesWithReferenceOnGeneratedText) {
  const std::vector<std::string> words = {"the",     "key",     "token",          "=",   "\n",
                                          "rkpair_", "rklive_", "api_token = \"", "\"",  "ghp_",
                                          "_",       " ",       "secret:",        "eyJ", "."};
  std::string data;
  while (data.size() < 400000) {
    switch (rng_() % 6) {
      case 0:
        data += "rklive_" + RandomBase62(rng_, 10 + rng_() % 100);
        break;
      case 1:
        data += "rkpair_" + RandomHex(rng_, 4 + rng_() % 10) + "_" + RandomHex(rng_, 8);
        break;
      case 2:
        data += "token = \"" + RandomHex(rng_, 30 + rng_() % 4) + "\"";
        break;
      default:
        data += words[rng_() % words.size()];
        break;
    }
    data += rng_() % 3 ? " " : "\n";
  }
  const std::vector<RuleMatch> m = Scan(data);
  EXPECT_GT(m.size(), 1000u);
  EXPECT_EQ(m, Reference(data));
}

TEST_F(MatcherTest, MatchersShareOneDatabaseAcrossThreads) {
  const std::string data = "a rklive_" + RandomBase62(rng_, 40) + " b";
  std::vector<std::vector<RuleMatch>> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&] {
      Matcher matcher(db_);
      for (int i = 0; i < 50; ++i) matcher.Scan(data, r);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r.size(), 1u);
}

// Issue 15: a token a vendor rule recognises and refuses (here a GitHub-style
// token with a wrong checksum) must not come back through a generic rule that
// captures the same span; a generic match elsewhere in the buffer stays.
TEST(MatcherRefusal, GenericRuleDoesNotReportWhatAVendorRuleRefused) {
  const std::string yaml =
      "rules:\n" + testing::RuleYaml("t.github", "\\b(gh[pousr]_[0-9A-Za-z]{36})\\b", "    validate: github-crc32\n") +
      "  - id: t.generic\n    name: generic\n    provider: Generic\n    severity: medium\n"
      "    pattern: 'token = \"([0-9A-Za-z_]{20,})\"'\n    examples: [x]\n    negative_examples: [y]\n";
  Diagnostics diags;
  std::shared_ptr<const RulesDatabase> db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr) << diags.items().size();
  std::mt19937 rng(7);
  const std::string body = testing::RandomBase62(rng, 30);
  std::string bad = std::string("gh") + "p_" + body + Base62Crc32(body);
  bad[8] = bad[8] == 'a' ? 'b' : 'a';  // checksum no longer matches
  const std::string other = testing::RandomBase62(rng, 28);
  const std::string data = "token = \"" + bad + "\"\ntoken = \"" + other + "\"\n";
  Matcher matcher(db);
  std::vector<RuleMatch> fast;
  matcher.Scan(data, fast);
  std::vector<RuleMatch> reference;
  ScanReferenceAll(*db, data, reference);
  EXPECT_EQ(fast, reference);
  ASSERT_EQ(fast.size(), 1u);
  EXPECT_EQ(fast[0].rule, 1u);
  EXPECT_EQ(data.substr(fast[0].secret_start, fast[0].secret_end - fast[0].secret_start), other);
  // Without the vendor rule, the generic rule reports both.
  std::vector<RuleMatch> alone;
  ScanReference(*db, 1, data, alone);
  EXPECT_EQ(alone.size(), 2u);
}

// The strict assignment grammar (context_strict: generic names): the name
// ends where the context ends, and unquoted values need `=` or `:`.
TEST(MatcherStrictContext, UnquotedValuesOnlyAfterAssignmentOperators) {
  const std::string yaml =
      "rules:\n  - id: t.pw\n    name: pw\n    provider: Generic\n    severity: medium\n"
      "    context: 'passw(?:or)?d'\n    context_strict: true\n"
      "    pattern: '([A-Za-z0-9]{12,40})\\b'\n    examples: [x]\n    negative_examples: [y]\n";
  Diagnostics diags;
  std::shared_ptr<const RulesDatabase> db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr);
  std::mt19937 rng(11);
  const std::string v = testing::RandomBase62(rng, 20);
  Matcher matcher(db);
  auto found = [&](const std::string& text) {
    std::vector<RuleMatch> out;
    matcher.Scan(text, out);
    return out.size() == 1 && text.substr(out[0].secret_start, out[0].secret_end - out[0].secret_start) == v;
  };
  for (const std::string& text : {"DB_PASSWORD=" + v + "\n", "password: " + v + "\n", "password = \"" + v + "\"\n",
                                  "define('DB_PASSWORD', '" + v + "');\n", "ENV DB_PASSWORD " + v + "\n",
                                  "<password>" + v + "</password>\n", "builder.password(\"" + v + "\")\n"}) {
    EXPECT_TRUE(found(text)) << text;
  }
  for (const std::string& text : {"void login(const char *password, " + v + " key);\n", "password " + v + "\n",
                                  "password_hash = \"" + v + "\"\n", "passwordValidator = " + v + "\n"}) {
    EXPECT_FALSE(found(text)) << text;
  }
}

// Imported gitleaks allowlists: OR by default, AND with condition, over
// the secret, the match or the line, the path and the commit.
TEST(MatcherAllowlists, GitleaksConditionsAndTargets) {
  const std::string toml =
      "[[rules]]\nid = \"t\"\nregex = '''key=(k_[a-z0-9]{10})'''\n"
      "[[rules.allowlists]]\nstopwords = [\"fixture\"]\nregexes = ['''^k_0''']\n"
      "[[rules.allowlists]]\ncondition = \"AND\"\nregexTarget = \"line\"\nregexes = ['''# ok''']\npaths = "
      "['''^docs/''']\n"
      "[[rules.allowlists]]\nregexTarget = \"match\"\nregexes = ['''^key=k_9''']\ncommits = [\"c0ffee\"]\n";
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddText(toml, "team.toml", false, diags));
  std::shared_ptr<const RulesDatabase> db = RulesDatabase::Build(rules, CacheOptions{false, ""}, diags);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->has_allowlists());
  Matcher matcher(db);
  auto allowed = [&](const std::string& text, const std::string& path, const std::string& commit) {
    std::vector<RuleMatch> out;
    matcher.Scan(text, out);
    EXPECT_EQ(out.size(), 1u) << text;
    return !out.empty() && db->Allowlisted(out[0], text, path, commit);
  };
  EXPECT_FALSE(allowed("key=k_a1b2c3d4e5\n", "src/app.py", ""));
  EXPECT_TRUE(allowed("key=k_0123fixtur\n", "src/app.py", ""));              // secret regex
  EXPECT_TRUE(allowed("key=k_a1fixture9\n", "src/app.py", ""));              // stopword
  EXPECT_FALSE(allowed("key=k_a1b2c3d4e5 # ok\n", "src/app.py", ""));        // AND: the path fails
  EXPECT_FALSE(allowed("key=k_a1b2c3d4e5\n", "docs/app.md", ""));            // AND: the line fails
  EXPECT_TRUE(allowed("x\nkey=k_a1b2c3d4e5 # ok\ny\n", "docs/app.md", ""));  // AND: both hold
  EXPECT_TRUE(allowed("key=k_9a1b2c3d4e\n", "src/app.py", ""));              // match regex
  EXPECT_TRUE(allowed("key=k_a1b2c3d4e5\n", "src/app.py", "c0ffee"));        // commit
}

TEST(MatcherAllowlists, BadAllowlistRegexIsReportedAtTheAllowlist) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(
      rules.AddText("[[rules]]\nid = \"t\"\nregex = '''(k_[0-9]{4})'''\n[rules.allowlist]\nregexes = ['''(''']\n",
                    "bad.toml", false, diags));
  EXPECT_EQ(RulesDatabase::Build(rules, CacheOptions{false, ""}, diags), nullptr);
  ASSERT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.items().back().id, "RK-RULE-005");
  EXPECT_EQ(diags.items().back().loc.line, 4);
}

}  // namespace
}  // namespace rekey
