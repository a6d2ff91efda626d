// Shared by the matcher tests: small rule sets with invented prefixes (rklive_,
// rkpair_) and secrets generated at test time, so no literal here looks like a
// real key.
#ifndef REKEY_TESTS_MATCHER_TEST_RULES_H_
#define REKEY_TESTS_MATCHER_TEST_RULES_H_

#include <memory>
#include <random>
#include <string>

#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

namespace rekey::testing {

inline std::string RandomBase62(std::mt19937& rng, size_t n) {
  static const std::string kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  while (out.size() < n) {
    const char c = kAlphabet[rng() % kAlphabet.size()];
    if (out.size() >= 2 && out[out.size() - 1] == c && out[out.size() - 2] == c) continue;  // no long runs
    out.push_back(c);
  }
  return out;
}

inline std::string RandomHex(std::mt19937& rng, size_t n) {
  static const std::string kHex = "0123456789abcdef";
  std::string out;
  while (out.size() < n) out.push_back(kHex[rng() % 16]);
  return out;
}

// One rule in YAML, with placeholder examples (the matcher tests do not use them).
inline std::string RuleYaml(const std::string& id, const std::string& pattern, const std::string& extra = "") {
  return "  - id: " + id + "\n    name: " + id + "\n    provider: Test\n    severity: high\n    pattern: '" + pattern +
         "'\n    examples: [x]\n    negative_examples: [y]\n" + extra;
}

// Rule indexes of kTestRules, in file order.
enum TestRule : uint32_t { kLive, kPair, kPairLong, kKeyword, kGithub, kNpm, kJwt };

inline std::string TestRulesYaml() {
  return "rules:\n" + RuleYaml("t.live", "\\b(rklive_[0-9a-zA-Z]{24,99})\\b", "    min_entropy: 3.0\n") +
         RuleYaml("t.pair", "rkpair_([0-9a-f]{8})") + RuleYaml("t.pair-long", "(rkpair_[0-9a-f]{8}_[0-9a-f]{8})") +
         RuleYaml("t.keyword", "(?i)[a-z_]{0,16}\\s*[:=]\\s*\"([0-9a-f]{32})\"", "    keywords: [token, secret]\n") +
         RuleYaml("t.github", "\\b(gh[pousr]_[0-9A-Za-z]{36})\\b", "    validate: github-crc32\n") +
         RuleYaml("t.npm", "\\b(npm_[0-9A-Za-z]{36})\\b", "    validate: npm-crc32\n") +
         RuleYaml("t.jwt", "\\b(eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,})", "    validate: jwt\n");
}

inline std::shared_ptr<const RulesDatabase> BuildDatabase(const std::string& yaml, const CacheOptions& cache,
                                                          Diagnostics& diags) {
  RuleSet rules;
  if (!rules.AddText(yaml, "test.yaml", false, diags)) return nullptr;
  return RulesDatabase::Build(rules, cache, diags);
}

inline std::shared_ptr<const RulesDatabase> BuildTestDatabase() {
  Diagnostics diags;
  return BuildDatabase(TestRulesYaml(), CacheOptions{false, ""}, diags);
}

}  // namespace rekey::testing

#endif  // REKEY_TESTS_MATCHER_TEST_RULES_H_
