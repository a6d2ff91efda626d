// Private: rules written for other scanners, read into rekey's Rule values so
// that a team moving to rekey keeps its custom rules (`--rules`, .rekey.yaml
// scan.rules):
//
//   * gitleaks TOML (`*.toml`): [[rules]] id, description, regex, secretGroup,
//     entropy, keywords, path, [rules.allowlist] / [[rules.allowlists]];
//     global [allowlist] / [[allowlists]] (targetRules); [extend] useDefault
//     (= rekey's built-in rules too), path (another gitleaks file, at most
//     two levels), disabledRules. gitleaks has no examples.
//   * Nosey Parker rule YAML (a `rules:` list whose rules have no provider
//     and severity): name, id, pattern (extended mode allowed), examples,
//     negative_examples, references; Kingfisher 1.x's min_entropy and
//     confidence too. Other fields (categories, validation...) are ignored.
//
// A regex keeps one capture group, the secret (regex_rewrite.h): gitleaks'
// secretGroup (else its first group, else the whole match), Nosey Parker's
// last group. Whether RE2 and Hyperscan accept it is the matcher's check,
// reported at the regex's file:line like any rule's.
//
// Diagnostic ids: RK-IMP-001 not a TOML file (file:line:col of the syntax
// error), -002 a rule without id or regex, -003 secretGroup beyond the
// regex's groups, -005 an [extend] path that cannot be read or nests too
// deep; warnings (the rest still loads): -004 a path-only gitleaks rule is not
// imported (rekey matches contents), -006 a rule's `path` restriction is not
// applied, -007 an unknown disabledRules or targetRules id; plus the yaml
// module's RK-YAML-*.
#ifndef REKEY_RULES_RULE_IMPORT_H_
#define REKEY_RULES_RULE_IMPORT_H_

#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/rules/rule.h"
#include "yaml/yaml_node.h"

namespace rekey {

// One gitleaks configuration, with the files its [extend] path names.
struct GitleaksConfig {
  std::vector<Rule> rules;
  bool use_default = false;           // [extend] useDefault: rekey's built-ins stay
  std::vector<std::string> disabled;  // [extend] disabledRules
  std::vector<RuleAllowlist> global;  // [allowlist] / [[allowlists]] without targetRules
  // [[allowlists]] with targetRules: the allowlist and the ids it applies to.
  std::vector<std::pair<RuleAllowlist, std::vector<std::string>>> targeted;
};

// Reads a gitleaks TOML file (and its [extend] path chain); nullopt when the
// file is not TOML. Problems with single rules are reported and the rule
// skipped; the rest load.
std::optional<GitleaksConfig> ReadGitleaksFile(const std::string& path, Diagnostics& diags);
std::optional<GitleaksConfig> ReadGitleaksText(std::string_view text, const std::string& path, Diagnostics& diags);

// True when `doc` is a Nosey Parker (or Kingfisher 1.x) rule file: its rules
// carry neither provider nor severity.
bool IsNoseyParkerDocument(const YamlDocument& doc);
std::vector<Rule> ReadNoseyParkerRules(const YamlDocument& doc, Diagnostics& diags);

// A gitleaks or Nosey Parker id as a rekey rule id (lowercase [a-z0-9.-]).
std::string ImportedRuleId(std::string_view id);

}  // namespace rekey

#endif  // REKEY_RULES_RULE_IMPORT_H_
