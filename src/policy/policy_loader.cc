// Reads policy YAML (the embedded default, then a user file over it). Every
// problem is a diagnostic; thresholds are validated against what each check
// declares it reads.
#include <sstream>
#include <fstream>

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

void ApplySetting(const Check& check, const YamlNode& key, const YamlNode& value, const std::string& path,
                  CheckSettings& settings, Diagnostics& diags) {
  const std::string& field = key.scalar;
  if (!value.is_scalar()) {
    diags.Error(value.Loc(path), "RK-POL-003", field + " of " + check.id + " must be a single value");
    return;
  }
  if (field == "enabled") {
    const std::string v = NormalizeName(value.scalar);
    if (v != "true" && v != "false") {
      diags.Error(value.Loc(path), "RK-POL-003", "enabled of " + std::string(check.id) + " must be true or false");
      return;
    }
    settings.enabled = v == "true";
  } else if (field == "severity") {
    const std::string v = NormalizeName(value.scalar);
    if (v == "error") settings.severity = Severity::kError;
    else if (v == "warning") settings.severity = Severity::kWarning;
    else if (v == "note") settings.severity = Severity::kNote;
    else diags.Error(value.Loc(path), "RK-POL-003", "severity " + Quote(value.scalar) + " is not error, warning or note");
  } else {
    const std::vector<std::string> params = Split(check.params);
    bool known = false;
    for (const std::string& p : params) known = known || p == field;
    if (!known) {
      std::vector<std::string> fields = {"enabled", "severity"};
      fields.insert(fields.end(), params.begin(), params.end());
      std::optional<std::string> guess = SuggestClosest(field, fields);
      diags.Error(key.Loc(path), "RK-POL-002", "unknown field " + Quote(field) + " for check " + check.id,
                  guess ? "did you mean " + Quote(*guess) + "?" : "known fields: " + Join(fields, ", "));
      return;
    }
    settings.params[field] = value.scalar;
  }
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Error({path, 0, 0}, "RK-IO-001", "cannot read policy file",
                "pass a readable YAML file, or a built-in name: default, strict");
    return policy;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  ApplyPolicyText(buffer.str(), path, policy, diags);
  policy.set_source(path);
  return policy;
}

}  // namespace rekey
