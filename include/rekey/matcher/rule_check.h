// CheckRuleExamples: the proof that every rule does what it says. Each example
// and negative example runs through both engines — the Hyperscan + RE2 Matcher
// and the RE2-only reference (ScanReference) — and every disagreement, and every
// example that does not match its rule (or negative that does), is a problem.
// Both engines apply the same filters, so a placeholder negative is a fine test.
//
// Answers are redacted (first 4 bytes + "…" + length): examples look like keys.
// Thread-safety: pure function over an immutable database.
//
//   RuleCheckReport report = CheckRuleExamples(*db);
//   for (const RuleCheckProblem& p : report.problems) Print(p);
//   return report.problems.empty() ? 0 : 1;
#ifndef REKEY_MATCHER_RULE_CHECK_H_
#define REKEY_MATCHER_RULE_CHECK_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rules_database.h"

namespace rekey {

struct RuleCheckProblem {
  std::string rule_id;
  SourceLoc loc;          // of the example in its rule file
  std::string example;    // "example 2" | "negative example 1"
  std::string message;    // what is wrong
  std::string hyperscan;  // the Matcher's answer for this rule, e.g. "match sk_l…(32) at 3..43"
  std::string reference;  // the RE2-only engine's answer
};

struct RuleCheckReport {
  std::size_t rules = 0;
  std::size_t examples = 0;
  std::size_t negative_examples = 0;
  std::vector<RuleCheckProblem> problems;
};

RuleCheckReport CheckRuleExamples(const RulesDatabase& db);

// The same for the rules that are not built in (user and imported rules),
// each example checked against its own rule only: cheap enough to run every
// time such rules are loaded for a scan.
RuleCheckReport CheckUserRuleExamples(const RulesDatabase& db);

// "sk_l…(32)": the first 4 bytes and the length, never the whole secret.
std::string RedactSecret(std::string_view secret);

}  // namespace rekey

#endif  // REKEY_MATCHER_RULE_CHECK_H_
