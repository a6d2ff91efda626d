#include "rekey/matcher/rule_check.h"

#include <memory>

#include "rekey/matcher/matcher.h"

namespace rekey {
namespace {

std::vector<RuleMatch> OnlyRule(const std::vector<RuleMatch>& matches, uint32_t rule) {
  std::vector<RuleMatch> out;
  for (const RuleMatch& m : matches) {
    if (m.rule == rule) out.push_back(m);
  }
  return out;
}

std::string Answer(const std::vector<RuleMatch>& matches, std::string_view text) {
  if (matches.empty()) return "no match";
  std::string out;
  for (const RuleMatch& m : matches) {
    if (!out.empty()) out += "; ";
    out += "match " + RedactSecret(text.substr(m.secret_start, m.secret_end - m.secret_start)) + " at " +
           std::to_string(m.start) + ".." + std::to_string(m.end) + " (" + std::string(ValidationName(m.validation)) +
           ")";
  }
  return out;
}

// Runs one example through both engines and records what is wrong with it.
void CheckOne(const RulesDatabase& db, Matcher& matcher, uint32_t rule, const RuleExample& example, bool positive,
              size_t number, RuleCheckReport& report) {
  const std::string_view text = example.text;
  std::vector<RuleMatch> fast;
  matcher.Scan(text, fast);
  const std::string label = (positive ? "example " : "negative example ") + std::to_string(number);
  auto problem = [&](std::string message, const std::vector<RuleMatch>& a, const std::vector<RuleMatch>& b) {
    report.problems.push_back(
        {db.rule(rule).id, example.loc, label, std::move(message), Answer(a, text), Answer(b, text)});
  };
  // The engines must agree on every rule, not only the one the example belongs to.
  std::vector<RuleMatch> all_reference;
  ScanReferenceAll(db, text, all_reference);
  for (uint32_t other = 0; other < db.rules().size(); ++other) {
    const std::vector<RuleMatch> reference = OnlyRule(all_reference, other);
    const std::vector<RuleMatch> mine = OnlyRule(fast, other);
    if (mine != reference) {
      problem("engines disagree on rule " + db.rule(other).id, mine, reference);
    } else if (other == rule && positive && mine.empty()) {
      problem("example does not match its rule", mine, reference);
    } else if (other == rule && !positive && !mine.empty()) {
      problem("negative example matches its rule", mine, reference);
    }
  }
}

}  // namespace

std::string RedactSecret(std::string_view secret) {
  // Never more than a third of a short secret.
  const size_t shown = std::min<size_t>(4, secret.size() / 3);
  return std::string(secret.substr(0, shown)) + "…(" + std::to_string(secret.size()) + ")";
}

namespace {

// One example of a user rule against that rule only (a generic rule's answer
// depends on the other rules: the reference then runs them all).
void CheckOwnRule(const RulesDatabase& db, Matcher& matcher, uint32_t rule, const RuleExample& example, bool positive,
                  size_t number, RuleCheckReport& report) {
  const std::string_view text = example.text;
  std::vector<RuleMatch> all;
  matcher.Scan(text, all);
  const std::vector<RuleMatch> mine = OnlyRule(all, rule);
  std::vector<RuleMatch> reference;
  if (IsGenericRule(db.rule(rule))) {
    ScanReferenceAll(db, text, reference);
    reference = OnlyRule(reference, rule);
  } else {
    ScanReference(db, rule, text, reference);
  }
  std::string message;
  if (mine != reference) {
    message = "engines disagree";
  } else if (positive && mine.empty()) {
    message = "example does not match its rule";
  } else if (!positive && !mine.empty()) {
    message = "negative example matches its rule";
  }
  if (message.empty()) return;
  report.problems.push_back({db.rule(rule).id, example.loc,
                             (positive ? "example " : "negative example ") + std::to_string(number), message,
                             Answer(mine, text), Answer(reference, text)});
}

}  // namespace

RuleCheckReport CheckUserRuleExamples(const RulesDatabase& db) {
  RuleCheckReport report;
  Matcher matcher(std::shared_ptr<const RulesDatabase>(&db, [](const RulesDatabase*) {}));
  for (uint32_t i = 0; i < db.rules().size(); ++i) {
    const Rule& rule = db.rule(i);
    if (rule.builtin) continue;
    ++report.rules;
    for (size_t k = 0; k < rule.examples.size(); ++k)
      CheckOwnRule(db, matcher, i, rule.examples[k], true, k + 1, report);
    for (size_t k = 0; k < rule.negative_examples.size(); ++k) {
      CheckOwnRule(db, matcher, i, rule.negative_examples[k], false, k + 1, report);
    }
    report.examples += rule.examples.size();
    report.negative_examples += rule.negative_examples.size();
  }
  return report;
}

RuleCheckReport CheckRuleExamples(const RulesDatabase& db) {
  RuleCheckReport report;
  report.rules = db.rules().size();
  // A non-owning shared_ptr: the caller keeps `db` alive for this call.
  Matcher matcher(std::shared_ptr<const RulesDatabase>(&db, [](const RulesDatabase*) {}));
  for (uint32_t i = 0; i < db.rules().size(); ++i) {
    const Rule& rule = db.rule(i);
    for (size_t k = 0; k < rule.examples.size(); ++k) {
      CheckOne(db, matcher, i, rule.examples[k], true, k + 1, report);
    }
    for (size_t k = 0; k < rule.negative_examples.size(); ++k) {
      CheckOne(db, matcher, i, rule.negative_examples[k], false, k + 1, report);
    }
    report.examples += rule.examples.size();
    report.negative_examples += rule.negative_examples.size();
  }
  return report;
}

}  // namespace rekey
