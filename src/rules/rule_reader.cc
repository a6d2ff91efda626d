#include "rules/rule_reader.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "rekey/base/text.h"
#include "rekey/rules/assignment.h"
#include "yaml/map_reader.h"

namespace rekey {

const std::vector<std::string>& ValidatorNames() {
  static const std::vector<std::string> names = {
      "github-crc32",     "npm-crc32",     "jwt",    "gitlab-routable", "grafana-crc32", "atlassian-crc32",
      "sentry-org-token", "pypi-macaroon", "bech32", "base58check",     "basic-auth"};
  return names;
}

std::string_view ValidatorName(Validator validator) {
  const size_t index = static_cast<size_t>(validator);
  if (index == 0 || index > ValidatorNames().size()) return "none";
  return ValidatorNames()[index - 1];
}

namespace {

const std::vector<std::string> kRuleFields = {
    "id",       "name",           "provider", "severity",          "pattern",
    "context",  "context_strict", "keywords", "min_entropy",       "hex_min_entropy",
    "validate", "ruleset",        "examples", "negative_examples", "references"};
const std::vector<std::string> kSeverities = {"critical", "high", "medium", "low"};

// Rule set names: the same alphabet as rule ids.
bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; });
}

// The examples under `field` with their locations; reports an empty list.
std::vector<RuleExample> ReadExamples(MapReader& reader, const YamlNode& rule, std::string_view field,
                                      const std::string& path, Diagnostics& diags) {
  std::vector<RuleExample> out;
  std::optional<std::vector<std::string>> texts = reader.StringList(field, Required::kYes);
  if (!texts) return out;
  const YamlNode* node = rule.Find(field);
  if (texts->empty()) {
    diags.Error(node->Loc(path), "RK-RULE-003", std::string(field) + " must list at least one string",
                "every rule proves its pattern with examples and negative_examples");
    return out;
  }
  for (size_t i = 0; i < texts->size(); ++i) out.push_back({(*texts)[i], node->items[i].Loc(path)});
  return out;
}

std::optional<Rule> ReadRule(const YamlNode& node, const std::string& path, bool builtin, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  MapReader r(node, path, "rule", kRuleFields, diags);
  if (!r.is_map()) return std::nullopt;
  Rule rule;
  rule.builtin = builtin;
  rule.loc = r.loc();
  if (std::optional<std::string> id = r.String("id", Required::kYes)) {
    rule.id = *id;
    r.set_label("rule " + Quote(*id));
    if (!IsValidId(*id)) {
      diags.Error(r.LocOf("id"), "RK-RULE-001", "rule id " + Quote(*id) + " is not valid",
                  "use lowercase letters, digits, '.' and '-', e.g. stripe.secret-key");
    }
  }
  rule.name = r.String("name", Required::kYes).value_or("");
  rule.provider = r.String("provider", Required::kYes).value_or("");
  if (std::optional<size_t> s = r.Enum("severity", kSeverities, Required::kYes)) {
    rule.severity = static_cast<RuleSeverity>(*s);
  }
  rule.pattern = r.String("pattern", Required::kYes).value_or("");
  rule.pattern_loc = r.LocOf("pattern");
  rule.context_strict = r.Bool("context_strict", Required::kNo).value_or(false);
  if (std::optional<std::string> context = r.String("context", Required::kNo)) {
    if (context->empty()) {
      diags.Error(r.LocOf("context"), "RK-RULE-012", "context of rule " + Quote(rule.id) + " is empty",
                  "write a regex of the name the secret is assigned to, e.g. (?:datadog|dd)[_.-]?api[_.-]?key");
    } else {
      rule.context = *context;
      rule.value_pattern = rule.pattern;
      rule.pattern = AssignmentPattern(rule.context, rule.value_pattern,
                                       rule.context_strict ? AssignmentGrammar::kStrict : AssignmentGrammar::kDefault);
    }
  }
  for (const std::string& k : r.StringList("keywords", Required::kNo).value_or(std::vector<std::string>{})) {
    if (k.empty()) {
      diags.Error(r.LocOf("keywords"), "RK-RULE-011", "keywords of rule " + Quote(rule.id) + " has an empty entry",
                  "remove it; a keyword is a literal that occurs in every match");
      continue;
    }
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rule.keywords.push_back(std::move(lower));
  }
  if (std::optional<double> e = r.Number("min_entropy", Required::kNo)) {
    if (*e < 0 || *e > 8) {
      diags.Error(r.LocOf("min_entropy"), "RK-RULE-010", "min_entropy of rule " + Quote(rule.id) + " is out of range",
                  "Shannon entropy is 0..8 bits per byte; random base64 is about 4.5-6");
    } else {
      rule.min_entropy = *e;
    }
  }
  if (std::optional<double> e = r.Number("hex_min_entropy", Required::kNo)) {
    if (*e < 0 || *e > 4) {
      diags.Error(r.LocOf("hex_min_entropy"), "RK-RULE-010",
                  "hex_min_entropy of rule " + Quote(rule.id) + " is out of range",
                  "a string of hex digits has at most 4 bits per character; random 32-hex keys have about 3.7");
    } else {
      rule.hex_min_entropy = *e;
    }
  }
  if (std::optional<size_t> v = r.Enum("validate", ValidatorNames(), Required::kNo)) {
    rule.validate = static_cast<Validator>(*v + 1);
  }
  if (std::optional<std::string> set = r.String("ruleset", Required::kNo)) {
    if (!IsValidId(*set)) {
      diags.Error(r.LocOf("ruleset"), "RK-RULE-001", "ruleset " + Quote(*set) + " is not a valid name",
                  "use lowercase letters, digits, '.' and '-', e.g. hashes");
    } else {
      rule.ruleset = *set;
    }
  }
  rule.examples = ReadExamples(r, node, "examples", path, diags);
  rule.negative_examples = ReadExamples(r, node, "negative_examples", path, diags);
  rule.references = r.StringList("references", Required::kNo).value_or(std::vector<std::string>{});
  if (diags.error_count() != errors_before) return std::nullopt;
  return rule;
}

}  // namespace

std::vector<Rule> ReadRules(const YamlDocument& doc, bool builtin, Diagnostics& diags) {
  std::vector<Rule> out;
  MapReader file(doc.root, doc.path, "rule file", {"rules"}, diags);
  const YamlNode* list = file.Node("rules", Required::kYes);
  if (list == nullptr) return out;
  if (!list->is_sequence()) {
    diags.Error(list->Loc(doc.path), "RK-RULE-004", "rules must be a list of rule mappings",
                "write \"rules:\" followed by \"- id: ...\" entries");
    return out;
  }
  for (const YamlNode& item : list->items) {
    if (std::optional<Rule> rule = ReadRule(item, doc.path, builtin, diags)) out.push_back(std::move(*rule));
  }
  return out;
}

}  // namespace rekey
