// The provider catalog loader: `providers:` lists of mappings (one file per
// vendor family under rules/providers/), read with the yaml module's
// MapReader so every problem has a file:line:col and a hint.
#include "rekey/rules/provider_catalog.h"

#include <cmath>
#include <filesystem>

#include "rekey/base/text.h"
#include "rekey/rules/rule_set.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {

// rules/providers/*.yaml, embedded by cmake/EmbedFiles.cmake (name = file stem).
struct EmbeddedProviderFile {
  const char* name;
  const char* text;
};
extern const EmbeddedProviderFile kEmbeddedProviders[];
extern const size_t kEmbeddedProvidersCount;

namespace {

const std::vector<std::string> kProviderFields = {"name",     "aliases",    "generic", "rules",
                                                  "rotation", "references", "api"};
const std::vector<std::string> kRotationFields = {"applies_to", "dual_key", "max_active_keys", "reports_last_use",
                                                  "key_creation_limit"};
const std::vector<std::string> kLimitFields = {"count", "per"};

std::string LocText(const SourceLoc& loc) {
  return loc.path + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

// A whole number >= `min` under `field`, or nullopt (reported).
std::optional<int> Count(MapReader& r, std::string_view field, int min, const std::string& what, Diagnostics& diags) {
  std::optional<double> value = r.Number(field, Required::kNo);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value) || *value < min || *value > 1e6) {
    diags.Error(r.LocOf(field), "RK-PROV-004",
                std::string(field) + " of " + what + " must be a whole number >= " + std::to_string(min),
                "write the number the provider's documentation states, or leave the fact out");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<KeyCreationLimit> ReadLimit(const YamlNode& node, const std::string& path, const std::string& what,
                                          Diagnostics& diags) {
  MapReader r(node, path, "key_creation_limit", kLimitFields, diags);
  if (!r.is_map()) return std::nullopt;  // reported by MapReader
  std::optional<int> count = Count(r, "count", 1, what, diags);
  std::optional<Duration> per = r.DurationValue("per", Required::kYes);
  if (!count || !per) return std::nullopt;
  if (per->seconds() <= 0) return std::nullopt;
  return KeyCreationLimit{*count, *per};
}

ProviderRotationFacts ReadRotation(const YamlNode& node, const std::string& path, const std::string& what,
                                   Diagnostics& diags) {
  ProviderRotationFacts facts;
  MapReader r(node, path, "rotation facts", kRotationFields, diags);
  if (!r.is_map()) return facts;  // reported by MapReader
  facts.applies_to = r.String("applies_to", Required::kNo).value_or("");
  facts.dual_key = r.Bool("dual_key", Required::kNo);
  facts.max_active_keys = Count(r, "max_active_keys", 1, what, diags);
  facts.reports_last_use = r.Bool("reports_last_use", Required::kNo);
  if (const YamlNode* limit = r.Node("key_creation_limit", Required::kNo)) {
    facts.key_creation_limit = ReadLimit(*limit, path, what, diags);
  }
  if (facts.dual_key == true && facts.max_active_keys == 1) {
    diags.Error(r.LocOf("max_active_keys"), "RK-PROV-004",
                what + " cannot both support dual keys and cap active keys at 1",
                "check the provider's documentation and keep the fact it states");
  }
  return facts;
}

std::optional<Provider> ReadProvider(const YamlNode& node, const std::string& path, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  MapReader r(node, path, "provider", kProviderFields, diags);
  if (!r.is_map()) return std::nullopt;  // reported by MapReader
  Provider p;
  p.loc = r.loc();
  p.name = r.String("name", Required::kYes).value_or("");
  const std::string what = "provider " + Quote(p.name);
  r.set_label(what);
  p.aliases = r.StringList("aliases", Required::kNo).value_or(std::vector<std::string>{});
  p.generic = r.Bool("generic", Required::kNo).value_or(false);
  p.rules = r.StringList("rules", Required::kNo).value_or(std::vector<std::string>{});
  if (const YamlNode* rotation = r.Node("rotation", Required::kNo))
    p.rotation = ReadRotation(*rotation, path, what, diags);
  p.references = r.StringList("references", Required::kNo).value_or(std::vector<std::string>{});
  if (const YamlNode* api = r.Node("api", Required::kNo)) {
    p.api = ReadProviderApi(*api, path, std::filesystem::path(path).parent_path().string(), p.name, diags);
  }
  const bool states_facts =
      p.rotation.dual_key || p.rotation.max_active_keys || p.rotation.reports_last_use || p.rotation.key_creation_limit;
  if (states_facts && p.references.empty()) {
    diags.Error(r.LocOf("rotation"), "RK-PROV-004", what + " states rotation facts without references",
                "cite the provider's documentation in references:, or leave the facts out");
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  return p;
}

}  // namespace

void ProviderCatalog::Add(Provider provider, Diagnostics& diags) {
  const size_t index = providers_.size();
  std::vector<std::string> names = {provider.name};
  names.insert(names.end(), provider.aliases.begin(), provider.aliases.end());
  for (const std::string& name : names) {
    auto [it, inserted] = by_name_.try_emplace(NormalizeName(name), index);
    if (!inserted && it->second != index) {
      const Provider& first = providers_[it->second];
      diags.Error(provider.loc, "RK-PROV-001",
                  "name " + Quote(name) + " of provider " + Quote(provider.name) + " already names provider " +
                      Quote(first.name) + " (" + LocText(first.loc) + ")",
                  "names and aliases are compared ignoring case and punctuation; each may name one provider");
    }
  }
  for (const std::string& rule : provider.rules) {
    auto [it, inserted] = by_rule_.try_emplace(rule, index);
    if (!inserted) {
      const Provider& first = it->second == index ? provider : providers_[it->second];
      diags.Error(provider.loc, "RK-PROV-002",
                  "rule " + Quote(rule) + " is listed under " + Quote(first.name) + " and " + Quote(provider.name),
                  "a rule finds one provider's keys; keep it under one provider");
    }
  }
  providers_.push_back(std::move(provider));
}

bool ProviderCatalog::AddText(std::string text, const std::string& path, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  std::optional<YamlDocument> doc = ParseYaml(std::move(text), path, diags);
  if (!doc) return false;
  MapReader file(doc->root, path, "provider catalog", {"providers"}, diags);
  const YamlNode* list = file.Node("providers", Required::kYes);
  if (list != nullptr && !list->is_sequence()) {
    diags.Error(list->Loc(path), "RK-PROV-004", "providers must be a list of provider mappings",
                "write \"providers:\" followed by \"- name: ...\" entries");
  } else if (list != nullptr) {
    for (const YamlNode& item : list->items) {
      if (std::optional<Provider> p = ReadProvider(item, path, diags)) Add(std::move(*p), diags);
    }
  }
  return diags.error_count() == errors_before;
}

bool ProviderCatalog::AddFile(const std::string& path, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  std::optional<YamlDocument> doc = LoadYamlFile(path, diags);
  if (!doc) return false;
  return AddText(std::move(doc->text), path, diags) && diags.error_count() == errors_before;
}

void ProviderCatalog::CheckRuleIds(const RuleSet& rules, Diagnostics& diags) const {
  for (const Provider& p : providers_) {
    for (const std::string& id : p.rules) {
      if (rules.Find(id) != nullptr) continue;
      std::vector<std::string> ids;
      for (const Rule& rule : rules.rules()) ids.push_back(rule.id);
      std::optional<std::string> close = SuggestClosest(id, ids);
      diags.Error(p.loc, "RK-PROV-003",
                  "provider " + Quote(p.name) + " lists rule " + Quote(id) + ", which does not exist",
                  close ? "did you mean " + Quote(*close) + "?" : "list the ids of rules in rules/*.yaml");
    }
  }
}

const Provider* ProviderCatalog::FindByName(std::string_view name) const {
  auto it = by_name_.find(NormalizeName(name));
  return it == by_name_.end() ? nullptr : &providers_[it->second];
}

const Provider* ProviderCatalog::FindByRule(std::string_view rule_id) const {
  auto it = by_rule_.find(rule_id);
  return it == by_rule_.end() ? nullptr : &providers_[it->second];
}

bool ProviderCatalog::Names(const Provider& provider, std::string_view inventory_provider) {
  if (SameName(provider.name, inventory_provider)) return true;
  for (const std::string& alias : provider.aliases) {
    if (SameName(alias, inventory_provider)) return true;
  }
  return false;
}

const ProviderCatalog& ProviderCatalog::Builtin() {
  static const ProviderCatalog* catalog = [] {
    auto* c = new ProviderCatalog;  // lives for the process
    Diagnostics diags;
    for (size_t i = 0; i < kEmbeddedProvidersCount; ++i) {
      c->AddText(kEmbeddedProviders[i].text, std::string("rules/providers/") + kEmbeddedProviders[i].name + ".yaml",
                 diags);
    }
    return c;
  }();
  return *catalog;
}

}  // namespace rekey
