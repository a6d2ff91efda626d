// The shipped rules through both engines on one large buffer: every example
// of every built-in rule embedded in generated noise, so windows, overlaps and
// neighbouring matches of real patterns are exercised together.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "matcher/test_rules.h"
#include "rekey/matcher/matcher.h"

namespace rekey {
namespace {

TEST(BuiltinRules, MatcherAgreesWithReferenceOnMixedText) {
  Diagnostics diags;
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags));
  // A cache under the build tree keeps reruns fast without touching $HOME.
  auto db = RulesDatabase::Build(rules, CacheOptions{true, std::string(REKEY_BINARY_DIR) + "/test-cache"}, diags);
  for (const Diagnostic& d : diags.items()) ADD_FAILURE() << FormatDiagnostic(d);
  ASSERT_NE(db, nullptr);

  std::mt19937 rng(5);
  std::vector<std::string> pieces;
  for (const Rule& rule : db->rules()) {
    for (const RuleExample& e : rule.examples) pieces.push_back(e.text);
    for (const RuleExample& e : rule.negative_examples) pieces.push_back(e.text);
  }
  const std::vector<std::string> noise = {" ",    "\n", "\t",        " = ",      "\"",    "'", ": ",  "token ",
                                          "key=", "x",  "password ", "secret: ", "-----", "/", "\n\n"};
  std::string data;
  for (int round = 0; round < 3; ++round) {
    std::shuffle(pieces.begin(), pieces.end(), rng);
    for (const std::string& p : pieces) {
      data += p;
      data += noise[rng() % noise.size()];
      if (rng() % 8 == 0) data += testing::RandomBase62(rng, rng() % 60);
    }
  }

  Matcher matcher(db);
  std::vector<RuleMatch> fast;
  matcher.Scan(data, fast);
  std::vector<RuleMatch> reference;
  ScanReferenceAll(*db, data, reference);
  if (db->rules().empty()) GTEST_SKIP() << "no built-in rules yet";
  EXPECT_GT(fast.size(), db->rules().size());
  // The rules whose matches differ, named, before the one-by-one comparison.
  std::vector<RuleMatch> only_fast, only_reference;
  std::set_difference(fast.begin(), fast.end(), reference.begin(), reference.end(), std::back_inserter(only_fast),
                      [](const RuleMatch& a, const RuleMatch& b) {
                        return std::tie(a.start, a.rule, a.end) < std::tie(b.start, b.rule, b.end);
                      });
  std::set_difference(reference.begin(), reference.end(), fast.begin(), fast.end(), std::back_inserter(only_reference),
                      [](const RuleMatch& a, const RuleMatch& b) {
                        return std::tie(a.start, a.rule, a.end) < std::tie(b.start, b.rule, b.end);
                      });
  for (const RuleMatch& m : only_fast) {
    ADD_FAILURE() << "only the matcher: rule " << db->rule(m.rule).id << " at " << m.start << ": "
                  << data.substr(m.start, std::min<size_t>(m.end - m.start, 80));
  }
  for (const RuleMatch& m : only_reference) {
    ADD_FAILURE() << "only the reference: rule " << db->rule(m.rule).id << " at " << m.start << ": "
                  << data.substr(m.start, std::min<size_t>(m.end - m.start, 80));
  }
  ASSERT_EQ(fast.size(), reference.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    ASSERT_EQ(fast[i], reference[i]) << "rule " << db->rule(fast[i].rule).id << " at " << fast[i].start << " vs rule "
                                     << db->rule(reference[i].rule).id << " at " << reference[i].start;
  }
}

}  // namespace
}  // namespace rekey
