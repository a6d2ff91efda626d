// Nosey Parker (and Kingfisher 1.x) rule YAML as rekey rules (rule_import.h).
#include <cstdlib>
#include <optional>
#include <string>

#include "rekey/base/text.h"
#include "rules/regex_rewrite.h"
#include "rules/rule_import.h"

namespace rekey {
namespace {

std::optional<std::string> Scalar(const YamlNode& map, std::string_view key) {
  const YamlNode* n = map.Find(key);
  if (n == nullptr || !n->is_scalar()) return std::nullopt;
  return n->scalar;
}

std::vector<RuleExample> Examples(const YamlNode& map, std::string_view key, const std::string& path) {
  std::vector<RuleExample> out;
  const YamlNode* n = map.Find(key);
  if (n == nullptr || !n->is_sequence()) return out;
  for (const YamlNode& item : n->items) {
    if (item.is_scalar()) out.push_back({item.scalar, item.Loc(path)});
  }
  return out;
}

std::optional<Rule> ReadRule(const YamlNode& map, const std::string& path, Diagnostics& diags) {
  const std::optional<std::string> id = Scalar(map, "id");
  const std::optional<std::string> pattern = Scalar(map, "pattern");
  if (!id || !pattern) {
    diags.Error(map.Loc(path), "RK-IMP-002", "Nosey Parker rule without " + std::string(!id ? "an id" : "a pattern"),
                "each rule needs id: and pattern:");
    return std::nullopt;
  }
  Rule rule;
  rule.id = ImportedRuleId(*id);
  rule.name = Scalar(map, "name").value_or(*id);
  rule.provider = rule.name;
  rule.loc = map.Loc(path);
  rule.pattern_loc = map.Find("pattern")->Loc(path);
  // Kingfisher's confidence stands for the severity where it is given.
  const std::string confidence = Scalar(map, "confidence").value_or("high");
  rule.severity = confidence == "low"      ? RuleSeverity::kLow
                  : confidence == "medium" ? RuleSeverity::kMedium
                                           : RuleSeverity::kHigh;
  // A block scalar (pattern: |) ends with a line break that is no part of it.
  std::string written = *pattern;
  while (!written.empty() && (written.back() == '\n' || written.back() == '\r')) written.pop_back();
  const std::string plain = StripExtendedMode(written);
  // The finding is Nosey Parker's tuple of groups; rekey keeps the last one,
  // which in credential pairs (id, secret) is the secret.
  rule.pattern = KeepOneCaptureGroup(plain, CountCaptureGroups(plain));
  if (std::optional<std::string> e = Scalar(map, "min_entropy")) {
    char* end = nullptr;
    const double v = std::strtod(e->c_str(), &end);
    if (end != e->c_str() && *end == '\0' && v >= 0 && v <= 8) rule.min_entropy = v;
  }
  rule.examples = Examples(map, "examples", path);
  rule.negative_examples = Examples(map, "negative_examples", path);
  if (const YamlNode* refs = map.Find("references"); refs != nullptr && refs->is_sequence()) {
    for (const YamlNode& r : refs->items) {
      if (r.is_scalar()) rule.references.push_back(r.scalar);
    }
  }
  return rule;
}

}  // namespace

bool IsNoseyParkerDocument(const YamlDocument& doc) {
  const YamlNode* rules = doc.root.is_map() ? doc.root.Find("rules") : nullptr;
  if (rules == nullptr || !rules->is_sequence() || rules->items.empty()) return false;
  for (const YamlNode& rule : rules->items) {
    if (!rule.is_map() || rule.Find("provider") != nullptr || rule.Find("severity") != nullptr) return false;
    if (rule.Find("pattern") == nullptr) return false;
  }
  return true;
}

std::vector<Rule> ReadNoseyParkerRules(const YamlDocument& doc, Diagnostics& diags) {
  std::vector<Rule> out;
  for (const YamlNode& item : doc.root.Find("rules")->items) {
    if (std::optional<Rule> rule = ReadRule(item, doc.path, diags)) out.push_back(std::move(*rule));
  }
  return out;
}

}  // namespace rekey
