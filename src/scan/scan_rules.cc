#include "rekey/scan/scan_rules.h"

#include <utility>

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
  return RulesDatabase::Build(std::move(rules), cache, diags);
}

}  // namespace rekey
