// RuleSet: the detection rules a scan uses — the built-in rules embedded in the
// binary, plus user files and directories, minus the ids the user disabled.
// Loading reports every problem in a file to Diagnostics (file:line:col) and
// keeps going; the caller checkpoints with Diagnostics::HasErrors().
//
// Diagnostic ids: RK-RULE-001 bad id, -002 duplicate id (names both places),
// -003 empty examples/negative_examples, -004 bad file shape, -009 unknown id to
// disable, -010 min_entropy out of range, -011 empty keyword, -012 directory
// without rule files, -015 unknown rule set; plus the yaml module's RK-YAML-*
// for syntax and fields.
// Engine-level problems (regex syntax, capture groups, literals) are reported
// by the matcher when it compiles the set (rekey/matcher/rules_database.h).
//
// Ownership: a RuleSet owns its Rule values. Thread-safety: a plain value type;
// do not mutate while another thread reads.
//
//   RuleSet rules;
//   rules.AddBuiltins(diags);
//   rules.AddDirectory("my-rules", diags);
//   rules.Disable({"generic.password-assignment"}, diags);
#ifndef REKEY_RULES_RULE_SET_H_
#define REKEY_RULES_RULE_SET_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/rules/rule.h"

namespace rekey {

struct GitleaksConfig;
struct YamlDocument;

class RuleSet {
 public:
  // Every rules/*.yaml file embedded at build time, in file-name order.
  // Returns false when any of them has a problem (a build defect). Without
  // `with_examples` the rules' examples and negative examples are left out:
  // a scan never runs them, and copying them was half of loading the rules.
  bool AddBuiltins(Diagnostics& diags, bool with_examples = true);

  // One rule file. Returns false when it had errors; the rules that were
  // valid are still added. A *.toml file is a gitleaks configuration; a YAML
  // file whose rules have no provider and severity is a Nosey Parker rule
  // file (src/rules/rule_import.h says what of both carries over). A gitleaks
  // file without [extend] useDefault = true removes the built-in rules, as it
  // replaces gitleaks' default ones; its global allowlists apply to every
  // rule in the set.
  bool AddFile(const std::string& path, Diagnostics& diags);
  // Every *.yaml / *.yml / *.toml file directly in `dir`, in name order.
  bool AddDirectory(const std::string& dir, Diagnostics& diags);
  // A file or a directory, whichever `path` is.
  bool AddPath(const std::string& path, Diagnostics& diags);
  // Rule YAML (or, for a `path` ending in .toml and not `builtin`, gitleaks
  // TOML) already in memory; `path` names it in diagnostics.
  bool AddText(std::string text, const std::string& path, bool builtin, Diagnostics& diags);

  // Removes rules by id. An id that names no rule is an error (RK-RULE-009).
  bool Disable(const std::vector<std::string>& ids, Diagnostics& diags);

  // Keeps the rules of the named rule sets (Rule::ruleset); "all" keeps every
  // rule. A name no rule carries is an error (RK-RULE-015) with a suggestion.
  bool SelectRulesets(const std::vector<std::string>& names, Diagnostics& diags);
  // The rule sets the rules carry, sorted ("assets", "default", "hashes").
  std::vector<std::string> Rulesets() const;

  const std::vector<Rule>& rules() const { return rules_; }
  // Moves the rules out (the set is empty afterwards).
  std::vector<Rule> TakeRules() && {
    by_id_.clear();
    return std::move(rules_);
  }
  std::size_t size() const { return rules_.size(); }
  const Rule* Find(std::string_view id) const;

 private:
  void Add(Rule rule, Diagnostics& diags);
  void AddYaml(const YamlDocument& doc, bool builtin, Diagnostics& diags);
  void AddGitleaks(GitleaksConfig config, Diagnostics& diags);
  void Reindex();  // by_id_ from rules_

  std::vector<Rule> rules_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
};

// The names and texts of the embedded built-in rule files ("rules/aws.yaml", ...).
struct EmbeddedRuleFile {
  std::string_view path;
  std::string_view text;
};
const std::vector<EmbeddedRuleFile>& BuiltinRuleFiles();

}  // namespace rekey

#endif  // REKEY_RULES_RULE_SET_H_
