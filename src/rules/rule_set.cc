#include "rekey/rules/rule_set.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "rekey/base/text.h"
#include "rekey/rules/published_examples.h"
#include "rules/embedded_rules.h"
#include "rules/rule_import.h"
#include "rules/rule_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {

std::string_view RuleSeverityName(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::kCritical:
      return "critical";
    case RuleSeverity::kHigh:
      return "high";
    case RuleSeverity::kMedium:
      return "medium";
    case RuleSeverity::kLow:
      return "low";
  }
  return "high";
}

namespace {

std::string LocText(const SourceLoc& loc) {
  return loc.path + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

}  // namespace

void RuleSet::Add(Rule rule, Diagnostics& diags) {
  auto [it, inserted] = by_id_.try_emplace(rule.id, rules_.size());
  if (!inserted) {
    const Rule& first = rules_[it->second];
    diags.Error(rule.loc, "RK-RULE-002",
                "duplicate rule id " + Quote(rule.id) + " (first defined at " + LocText(first.loc) + ")",
                "rule ids are unique across all rule files; rename one or disable the built-in");
    return;
  }
  rules_.push_back(std::move(rule));
}

namespace {

bool IsToml(const std::string& path) { return std::filesystem::path(path).extension() == ".toml"; }

}  // namespace

void RuleSet::AddYaml(const YamlDocument& doc, bool builtin, Diagnostics& diags) {
  std::vector<Rule> rules =
      !builtin && IsNoseyParkerDocument(doc) ? ReadNoseyParkerRules(doc, diags) : ReadRules(doc, builtin, diags);
  for (Rule& rule : rules) Add(std::move(rule), diags);
}

void RuleSet::AddGitleaks(GitleaksConfig config, Diagnostics& diags) {
  // Without [extend] useDefault a gitleaks configuration replaces the default
  // rules; "the default rules" are rekey's built-in ones here.
  if (!config.use_default) {
    std::erase_if(rules_, [](const Rule& r) { return r.builtin; });
    Reindex();
  }
  for (Rule& rule : config.rules) Add(std::move(rule), diags);
  for (const std::string& id : config.disabled) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      diags.Warning({}, "RK-IMP-007", "[extend] disabledRules names no rule: " + Quote(id),
                    "gitleaks' own rule ids are not rekey's; `rekey rules list` shows rekey's");
      continue;
    }
    rules_.erase(rules_.begin() + static_cast<std::ptrdiff_t>(it->second));
    Reindex();
  }
  for (Rule& rule : rules_) {
    rule.allowlists.insert(rule.allowlists.end(), config.global.begin(), config.global.end());
  }
  for (const auto& [allowlist, ids] : config.targeted) {
    for (const std::string& id : ids) {
      auto it = by_id_.find(id);
      if (it == by_id_.end()) {
        diags.Warning(allowlist.loc, "RK-IMP-007", "allowlist targetRules names no rule: " + Quote(id));
        continue;
      }
      rules_[it->second].allowlists.push_back(allowlist);
    }
  }
}

void RuleSet::Reindex() {
  by_id_.clear();
  for (size_t i = 0; i < rules_.size(); ++i) by_id_.emplace(rules_[i].id, i);
}

bool RuleSet::AddText(std::string text, const std::string& path, bool builtin, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  if (!builtin && IsToml(path)) {
    if (std::optional<GitleaksConfig> config = ReadGitleaksText(text, path, diags)) {
      AddGitleaks(std::move(*config), diags);
    }
    return diags.error_count() == errors_before;
  }
  if (std::optional<YamlDocument> doc = ParseYaml(std::move(text), path, diags)) AddYaml(*doc, builtin, diags);
  return diags.error_count() == errors_before;
}

bool RuleSet::AddFile(const std::string& path, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  if (IsToml(path)) {
    if (std::optional<GitleaksConfig> config = ReadGitleaksFile(path, diags)) AddGitleaks(std::move(*config), diags);
    return diags.error_count() == errors_before;
  }
  if (std::optional<YamlDocument> doc = LoadYamlFile(path, diags)) AddYaml(*doc, false, diags);
  return diags.error_count() == errors_before;
}

bool RuleSet::AddDirectory(const std::string& dir, Diagnostics& diags) {
  std::error_code ec;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path& p = it->path();
    // Every .yaml entry but a directory is kept, so that AddFile reports a
    // FIFO, a device, a dangling link or a link loop by name (never skipped
    // silently, never opened); entry_ec keeps the listing going past them.
    std::error_code entry_ec;
    const auto ext = p.extension();
    if ((ext == ".yaml" || ext == ".yml" || ext == ".toml") && !it->is_directory(entry_ec)) {
      files.push_back(p.string());
    }
  }
  if (ec) {
    diags.Error({dir, 0, 0}, "RK-IO-001", "cannot read rule directory: " + ec.message(),
                "check that the path exists and is readable");
    return false;
  }
  if (files.empty()) {
    diags.Warning({dir, 0, 0}, "RK-RULE-012", "no *.yaml, *.yml or *.toml rule files in directory");
  }
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const std::string& f : files) ok = AddFile(f, diags) && ok;
  return ok;
}

bool RuleSet::AddPath(const std::string& path, Diagnostics& diags) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return AddDirectory(path, diags);
  return AddFile(path, diags);
}

namespace {

std::vector<RuleExample> ToExamples(const embedded::Example* items, size_t count, const std::string& path) {
  std::vector<RuleExample> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i)
    out.push_back({std::string(items[i].text), {path, items[i].line, items[i].column}});
  return out;
}

std::vector<std::string> ToStrings(const std::string_view* items, size_t count) {
  return std::vector<std::string>(items, items + count);
}

Rule FromEmbedded(const embedded::RuleData& d, const std::string& path, bool with_examples) {
  Rule r;
  r.id = d.id;
  r.name = d.name;
  r.provider = d.provider;
  r.severity = static_cast<RuleSeverity>(d.severity);
  r.pattern = d.pattern;
  r.context = d.context;
  r.value_pattern = d.value_pattern;
  r.keywords = ToStrings(d.keywords, d.keyword_count);
  if (d.has_min_entropy) r.min_entropy = d.min_entropy;
  if (d.has_hex_min_entropy) r.hex_min_entropy = d.hex_min_entropy;
  r.context_strict = d.context_strict;
  r.validate = static_cast<Validator>(d.validate);
  r.ruleset = std::string(d.ruleset);
  if (with_examples) {
    r.examples = ToExamples(d.examples, d.example_count, path);
    r.negative_examples = ToExamples(d.negatives, d.negative_count, path);
  }
  r.references = ToStrings(d.references, d.reference_count);
  r.loc = {path, d.line, d.column};
  r.pattern_loc = {path, d.pattern_line, d.pattern_column};
  r.builtin = true;
  return r;
}

}  // namespace

bool RuleSet::AddBuiltins(Diagnostics& diags, bool with_examples) {
  const size_t errors_before = diags.error_count();
  for (size_t f = 0; f < embedded::kFileCount; ++f) {
    const embedded::File& file = embedded::kFiles[f];
    const std::string path(file.path);
    if (!file.parsed) {  // had problems at build time: parse now to report them
      AddText(std::string(file.text), path, true, diags);
      continue;
    }
    for (size_t i = 0; i < file.rule_count; ++i) Add(FromEmbedded(file.rules[i], path, with_examples), diags);
  }
  return diags.error_count() == errors_before;
}

const std::vector<PublishedExample>& BuiltinPublishedExamples() {
  static const std::vector<PublishedExample> examples = [] {
    std::vector<PublishedExample> out;
    for (size_t i = 0; i < embedded::kPublishedCount; ++i)
      out.push_back({embedded::kPublishedTable[i].value, embedded::kPublishedTable[i].source});
    return out;
  }();
  return examples;
}

const std::vector<EmbeddedRuleFile>& BuiltinRuleFiles() {
  static const std::vector<EmbeddedRuleFile> files = [] {
    std::vector<EmbeddedRuleFile> out;
    for (size_t f = 0; f < embedded::kFileCount; ++f)
      out.push_back({embedded::kFiles[f].path, embedded::kFiles[f].text});
    return out;
  }();
  return files;
}

bool RuleSet::Disable(const std::vector<std::string>& ids, Diagnostics& diags) {
  std::vector<std::string> known;
  known.reserve(rules_.size());
  for (const Rule& r : rules_) known.push_back(r.id);
  bool ok = true;
  std::vector<bool> drop(rules_.size(), false);
  for (const std::string& id : ids) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      std::optional<std::string> guess = SuggestClosest(id, known);
      diags.Error({}, "RK-RULE-009", "cannot disable unknown rule id " + Quote(id),
                  guess ? "did you mean " + Quote(*guess) + "?" : "`rekey rules list` shows the rule ids");
      ok = false;
      continue;
    }
    drop[it->second] = true;
  }
  std::vector<Rule> kept;
  by_id_.clear();
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (drop[i]) continue;
    by_id_.emplace(rules_[i].id, kept.size());
    kept.push_back(std::move(rules_[i]));
  }
  rules_ = std::move(kept);
  return ok;
}

std::vector<std::string> RuleSet::Rulesets() const {
  std::vector<std::string> out;
  for (const Rule& r : rules_) {
    if (std::find(out.begin(), out.end(), r.ruleset) == out.end()) out.push_back(r.ruleset);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool RuleSet::SelectRulesets(const std::vector<std::string>& names, Diagnostics& diags) {
  constexpr std::string_view kAll = "all";
  if (std::find(names.begin(), names.end(), kAll) != names.end()) return true;
  std::vector<std::string> known = Rulesets();
  if (std::find(known.begin(), known.end(), kDefaultRuleset) == known.end()) known.emplace_back(kDefaultRuleset);
  bool ok = true;
  for (const std::string& name : names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::vector<std::string> choices = known;
    choices.emplace_back(kAll);
    std::optional<std::string> guess = SuggestClosest(name, choices);
    diags.Error({}, "RK-RULE-015", "unknown rule set " + Quote(name),
                (guess ? "did you mean " + Quote(*guess) + "? " : std::string()) + "rule sets: " + Join(choices, ", "));
    ok = false;
  }
  std::vector<Rule> kept;
  by_id_.clear();
  for (Rule& rule : rules_) {
    if (std::find(names.begin(), names.end(), rule.ruleset) == names.end()) continue;
    by_id_.emplace(rule.id, kept.size());
    kept.push_back(std::move(rule));
  }
  rules_ = std::move(kept);
  return ok;
}

const Rule* RuleSet::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

}  // namespace rekey
