// A tiny rule set for scan tests (no dependency on the shipped rules/*.yaml)
// and fake secrets assembled at run time, so no literal in the tree looks like
// a key to push-protection scanners.
#ifndef REKEY_TESTS_SCAN_TEST_RULES_H_
#define REKEY_TESTS_SCAN_TEST_RULES_H_

#include <memory>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

namespace rekey {

inline constexpr char kTestRules[] = R"(rules:
  - id: test.token
    name: Test Token
    provider: TestCloud
    severity: high
    pattern: '\b(rktest_[A-Za-z0-9]{24})\b'
    examples: ["rktest_Q7mZ2xK9pL4vN8cR1tY6wB3s"]
    negative_examples: ["rktest_short"]
  - id: test.low-token
    name: Low Test Token
    provider: TestCloud
    severity: low
    pattern: '\b(rklow_[A-Za-z0-9]{20})\b'
    examples: ["rklow_Q7mZ2xK9pL4vN8cR1tY6"]
    negative_examples: ["rklow_short"]
  - id: test.generic-assignment
    name: Generic Test Assignment
    provider: Generic
    severity: medium
    pattern: 'TOKEN=([A-Za-z0-9_]{28,40})'
    examples: ["TOKEN=rktest_Q7mZ2xK9pL4vN8cR1tY6wB3s"]
    negative_examples: ["TOKEN=short"]
  - id: test.medium-token
    name: Medium Test Token
    provider: TestCloud
    severity: medium
    pattern: '\b(rkmed_[A-Za-z0-9]{24})\b'
    examples: ["rkmed_Q7mZ2xK9pL4vN8cR1tY6wB3s"]
    negative_examples: ["rkmed_short"]
)";

// A 24-character base62 body from `seed` (xorshift), different per seed.
inline std::string FakeBody(unsigned seed, std::size_t length = 24) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uint64_t x = 0x9E3779B97F4A7C15ull ^ (seed * 0x100000001B3ull + 1);
  std::string body;
  for (std::size_t i = 0; i < length; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    body += kAlphabet[x % 62];
  }
  return body;
}

inline std::string FakeToken(unsigned seed) { return std::string("rktest") + "_" + FakeBody(seed); }
inline std::string FakeLowToken(unsigned seed) { return std::string("rklow") + "_" + FakeBody(seed, 20); }

inline std::shared_ptr<const RulesDatabase> TestDatabase() {
  Diagnostics diags;
  RuleSet rules;
  rules.AddText(kTestRules, "test_rules.yaml", false, diags);
  CacheOptions cache;
  cache.enabled = false;
  return RulesDatabase::Build(rules, cache, diags);
}

}  // namespace rekey

#endif  // REKEY_TESTS_SCAN_TEST_RULES_H_
