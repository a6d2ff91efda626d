// The rules a scan uses, compiled: the built-in rules, plus the user's rule
// files and directories (--rules, .rekey.yaml scan.rules), minus disabled ids,
// restricted to the selected rule sets (--ruleset, scan.rulesets; "default"
// unless chosen), compiled into a RulesDatabase (or loaded from the on-disk cache). Built-in
// rules come without their examples (`rekey rules check` loads its own set).
//
// The user's rules' examples and negative examples run through both engines
// as they load (CheckUserRuleExamples): a failing one is an error
// (RK-RULE-013), as an engine disagreement would make the scan miss secrets.
//
// Errors: every rule-file and engine problem goes to `diags`; the result is
// null when any of them is an error.
//
// Thread-safety: reentrant.
//
//   Diagnostics diags;
//   auto db = LoadScanRules({.paths = {"my-rules/"}}, diags);
//   if (!db) return kExitInputError;
#ifndef REKEY_SCAN_SCAN_RULES_H_
#define REKEY_SCAN_SCAN_RULES_H_

#include <memory>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rules_database.h"

namespace rekey {

struct ScanRulesOptions {
  std::vector<std::string> paths;     // rule files or directories, added after the built-ins
  std::vector<std::string> disabled;  // rule ids to drop (unknown ids are errors)
  // Rule sets to run (Rule::ruleset; "all" for every one). Empty: "default".
  std::vector<std::string> rulesets;
  bool use_cache = true;  // false: --no-cache
};

std::shared_ptr<const RulesDatabase> LoadScanRules(const ScanRulesOptions& options, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_SCAN_SCAN_RULES_H_
