// Reads policy YAML (the embedded default, then a user file over it). Every
// problem is a diagnostic; thresholds are validated against what each check
// declares it reads.
#include <algorithm>
#include <sstream>

#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"
#include "yaml/yaml_node.h"

namespace rekey {

// Generated at build time from policies/*.yaml (src/policy/CMakeLists.txt).
struct EmbeddedPolicy {
  const char* name;
  const char* text;
};
extern const EmbeddedPolicy kEmbeddedPolicies[];
extern const size_t kEmbeddedPoliciesCount;

const char* EmbeddedPolicyText(std::string_view name) {
  for (size_t i = 0; i < kEmbeddedPoliciesCount; ++i) {
    if (name == kEmbeddedPolicies[i].name) return kEmbeddedPolicies[i].text;
  }
  return nullptr;
}

namespace {

std::vector<std::string> Split(const char* list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> CheckIds() {
  std::vector<std::string> ids;
  for (const Check* c : AllChecks()) ids.push_back(c->id);
  return ids;
}

// One level of settings: the check's own, or one by_criticality/by_environment entry.
struct SettingsTarget {
  std::optional<bool>* enabled;
  std::optional<Severity>* severity;
  ParamMap* params;
};

void ApplyScalar(const Check& check, const YamlNode& key, const YamlNode& value, const std::string& path,
                 SettingsTarget target, Diagnostics& diags) {
  const std::string& field = key.scalar;
  if (field == "enabled") {
    const std::string v = NormalizeName(value.scalar);
    if (v != "true" && v != "false") {
      diags.Error(value.Loc(path), "RK-POL-003", "enabled of " + std::string(check.id) + " must be true or false");
      return;
    }
    *target.enabled = v == "true";
  } else if (field == "severity") {
    const std::string v = NormalizeName(value.scalar);
    if (v == "error")
      *target.severity = Severity::kError;
    else if (v == "warning")
      *target.severity = Severity::kWarning;
    else if (v == "note")
      *target.severity = Severity::kNote;
    else
      diags.Error(value.Loc(path), "RK-POL-003", "severity " + Quote(value.scalar) + " is not error, warning or note");
  } else {
    const std::vector<std::string> params = Split(check.params);
    if (std::find(params.begin(), params.end(), field) == params.end()) {
      std::vector<std::string> fields = {"enabled", "severity", "by_criticality", "by_environment"};
      fields.insert(fields.end(), params.begin(), params.end());
      std::optional<std::string> guess = SuggestClosest(field, fields);
      diags.Error(key.Loc(path), "RK-POL-002", "unknown field " + Quote(field) + " for check " + check.id,
                  guess ? "did you mean " + Quote(*guess) + "?" : "known fields: " + Join(fields, ", "));
      return;
    }
    (*target.params)[field] = value.scalar;
  }
}

void ApplyOverrides(const Check& check, const YamlNode& table, const std::string& path, bool criticality,
                    std::map<std::string, CheckOverride, std::less<>>& out, Diagnostics& diags) {
  static const std::vector<std::string> kCriticalities = {"critical", "high", "medium", "low"};
  if (!table.is_map()) {
    diags.Error(table.Loc(path), "RK-POL-003", "expected a mapping of names to settings");
    return;
  }
  for (const auto& [name, body] : table.entries) {
    if (criticality && std::find(kCriticalities.begin(), kCriticalities.end(), name.scalar) == kCriticalities.end()) {
      diags.Error(name.Loc(path), "RK-POL-003", Quote(name.scalar) + " is not a criticality",
                  "use critical, high, medium or low");
      continue;
    }
    if (!body.is_map()) {
      diags.Error(body.Loc(path), "RK-POL-003", "expected a mapping of settings for " + Quote(name.scalar));
      continue;
    }
    CheckOverride& o = out[name.scalar];
    for (const auto& [field, value] : body.entries) {
      if (!value.is_scalar()) {
        diags.Error(value.Loc(path), "RK-POL-003", field.scalar + " must be a single value");
        continue;
      }
      ApplyScalar(check, field, value, path, {&o.enabled, &o.severity, &o.params}, diags);
    }
  }
}

void ApplySetting(const Check& check, const YamlNode& key, const YamlNode& value, const std::string& path,
                  CheckSettings& settings, Diagnostics& diags) {
  if (key.scalar == "by_criticality" || key.scalar == "by_environment") {
    ApplyOverrides(check, value, path, key.scalar == "by_criticality",
                   key.scalar == "by_criticality" ? settings.by_criticality : settings.by_environment, diags);
    return;
  }
  if (!value.is_scalar()) {
    diags.Error(value.Loc(path), "RK-POL-003", key.scalar + " of " + check.id + " must be a single value");
    return;
  }
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  ApplyScalar(check, key, value, path, {&enabled, &severity, &settings.params}, diags);
  if (enabled) settings.enabled = *enabled;
  if (severity) settings.severity = *severity;
  settings.loc = value.Loc(path);
}

void ApplyPolicyText(const std::string& text, const std::string& path, Policy& policy, Diagnostics& diags) {
  std::optional<YamlDocument> doc = ParseYaml(text, path, diags);
  if (!doc) return;
  const YamlNode* checks = doc->root.is_map() ? doc->root.Find("checks") : nullptr;
  for (const auto& [key, value] : doc->root.entries) {
    if (key.scalar != "checks") {
      diags.Error(key.Loc(path), "RK-POL-002", "unknown policy section " + Quote(key.scalar), "expected \"checks:\"");
    }
  }
  if (checks == nullptr || !checks->is_map()) {
    diags.Error(doc->root.Loc(path), "RK-POL-002", "policy has no \"checks:\" mapping",
                "write checks: then one entry per check id, e.g. RK-INV-002: {severity: warning}");
    return;
  }
  for (const auto& [id, body] : checks->entries) {
    const Check* check = FindCheck(id.scalar);
    if (check == nullptr) {
      std::optional<std::string> guess = SuggestClosest(id.scalar, CheckIds());
      diags.Error(id.Loc(path), "RK-POL-001", "unknown check id " + Quote(id.scalar),
                  guess ? "did you mean " + Quote(*guess) + "?" : "`rekey checks` lists the ids");
      continue;
    }
    if (!body.is_map()) {
      diags.Error(body.Loc(path), "RK-POL-003", std::string(check->id) + " must be a mapping of settings");
      continue;
    }
    auto [it, inserted] = policy.mutable_checks().try_emplace(check->id);
    if (inserted) it->second.severity = check->default_severity;
    for (const auto& [field, value] : body.entries) ApplySetting(*check, field, value, path, it->second, diags);
  }
}

}  // namespace

Policy DefaultPolicy() {
  Diagnostics ignored;  // the embedded policy is validated by a unit test
  Policy policy;
  ApplyPolicyText(EmbeddedPolicyText("default"), "<built-in>/policies/default.yaml", policy, ignored);
  return policy;
}

Policy LoadPolicy(const std::string& path, Diagnostics& diags) {
  Policy policy = DefaultPolicy();
  if (path.empty()) return policy;
  if (const char* embedded = EmbeddedPolicyText(path)) {  // --policy strict
    ApplyPolicyText(embedded, "<built-in>/policies/" + path + ".yaml", policy, diags);
    policy.set_source("built-in " + path);
    return policy;
  }
  // Regular files only: a FIFO would block the open, /dev/zero never ends.
  Result<std::string> text = ReadRegularFile(path, {});
  if (!text) {
    const bool missing = text.error().message == "cannot read file";
    diags.Error({path, 0, 0}, "RK-IO-001", missing ? "cannot read policy file" : text.error().message,
                missing ? "pass a readable YAML file, or a built-in name: default, strict" : text.error().hint);
    return policy;
  }
  ApplyPolicyText(*text, path, policy, diags);
  policy.set_source(path);
  return policy;
}

}  // namespace rekey
