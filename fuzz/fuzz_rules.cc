// Fuzz target: the detection-rule loader (RuleSet::AddText), then, for a small
// rule set that loads cleanly, what `rekey rules check` does with user rules:
// compile them (RE2 + Hyperscan, no cache) and run every example through both
// engines. Rejections must be diagnostics naming the rule, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rule_check.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rekey::Diagnostics diags;
  rekey::RuleSet rules;
  rules.AddText(std::string(reinterpret_cast<const char*>(data), size), "fuzz-rules.yaml", false, diags);
  for (const rekey::Diagnostic& d : diags.items()) (void)rekey::FormatDiagnostic(d);
  if (diags.HasErrors() || rules.size() == 0 || rules.size() > 8) return 0;
  rekey::CacheOptions cache;
  cache.enabled = false;
  std::shared_ptr<const rekey::RulesDatabase> db = rekey::RulesDatabase::Build(rules, cache, diags);
  if (!db) {
    if (!diags.HasErrors()) std::abort();  // a refused rule set says why
    return 0;
  }
  (void)rekey::CheckRuleExamples(*db);
  return 0;
}
