#include "rekey/scan/scan_rules.h"

#include <utility>

#include "rekey/matcher/rule_check.h"
#include "rekey/rules/rule_set.h"

namespace rekey {

std::shared_ptr<const RulesDatabase> LoadScanRules(const ScanRulesOptions& options, Diagnostics& diags) {
  RuleSet rules;
  rules.AddBuiltins(diags, /*with_examples=*/false);
  for (const std::string& path : options.paths) rules.AddPath(path, diags);
  if (!options.disabled.empty()) rules.Disable(options.disabled, diags);
  rules.SelectRulesets(
      options.rulesets.empty() ? std::vector<std::string>{std::string(kDefaultRuleset)} : options.rulesets, diags);
  if (diags.HasErrors()) return nullptr;
  CacheOptions cache;
  cache.enabled = options.use_cache;
  std::shared_ptr<const RulesDatabase> db = RulesDatabase::Build(std::move(rules), cache, diags);
  if (!db) return nullptr;
  // The user's (and imported) rules' examples through both engines: a rule
  // whose examples fail, or that the engines disagree on, would scan wrong.
  for (const RuleCheckProblem& p : CheckUserRuleExamples(*db).problems) {
    diags.Error(p.loc, "RK-RULE-013", "rule " + p.rule_id + " " + p.example + ": " + p.message,
                "hyperscan+re2: " + p.hyperscan + "; re2-only: " + p.reference +
                    " (`rekey rules check FILE` runs every example)");
  }
  return diags.HasErrors() ? nullptr : db;
}

}  // namespace rekey
