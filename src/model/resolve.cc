// Schedule → key resolution (DESIGN.md): a schedule's `secret` names exactly
// one key by its name, its vault_path, its vault_path without the mount
// segment, or
// "<env>/<name>" with environment short forms (production→prod,
// staging→stage/stg, development→dev).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "rekey/base/text.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

struct Alias {
  std::string text;
  std::string how;
};

std::vector<std::string> EnvironmentForms(const std::string& env) {
  std::vector<std::string> forms = {env};
  const std::string n = NormalizeName(env);
  if (n == "production" || n == "prod") forms.insert(forms.end(), {"production", "prod"});
  if (n == "staging" || n == "stage" || n == "stg") forms.insert(forms.end(), {"staging", "stage", "stg"});
  if (n == "development" || n == "dev") forms.insert(forms.end(), {"development", "dev"});
  return forms;
}

std::vector<Alias> AliasesOf(const ApiKey& key) {
  std::vector<Alias> out = {{key.name, "name"}};
  if (key.vault_path && !key.vault_path->empty()) {
    out.push_back({*key.vault_path, "vault_path"});
    const size_t slash = key.vault_path->find('/');
    if (slash != std::string::npos && slash + 1 < key.vault_path->size()) {
      out.push_back({key.vault_path->substr(slash + 1), "vault_path without mount"});
    }
  }
  if (key.environment) {
    for (const std::string& env : EnvironmentForms(*key.environment)) {
      out.push_back({env + "/" + key.name, "<env>/<name>"});
    }
  }
  return out;
}

// The closest key by any of its aliases, for "did you mean".
std::optional<std::string> Suggest(const std::string& secret, const std::vector<ApiKey>& keys) {
  std::optional<std::string> best;
  int best_distance = std::max<int>(3, static_cast<int>(secret.size()) / 3) + 1;
  for (const ApiKey& key : keys) {
    for (const Alias& alias : AliasesOf(key)) {
      const int d = EditDistance(secret, alias.text);
      if (d < best_distance) {
        best_distance = d;
        best = key.name;
      }
    }
  }
  return best;
}

}  // namespace

KeyResolver::KeyResolver(const Model& model) : model_(model) {
  by_name_.reserve(model.keys.size());
  by_vault_path_.reserve(model.keys.size());
  by_vault_subpath_.reserve(model.keys.size());
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    const int k = static_cast<int>(i);
    by_name_.emplace(key.name, k);
    if (key.vault_path && !key.vault_path->empty()) {
      const std::string_view path = *key.vault_path;
      by_vault_path_.emplace(path, k);
      const size_t slash = path.find('/');
      if (slash != std::string_view::npos && slash + 1 < path.size())
        by_vault_subpath_.emplace(path.substr(slash + 1), k);
    }
  }
}

Resolution KeyResolver::Resolve(const std::string& ref) const {
  // Every (key, alias) pair that names `ref`, in the order of AliasesOf: the
  // first alias a key matches by is how it was matched.
  std::map<int, std::string_view> matched;  // key -> how
  auto add = [&matched](const Index& index, std::string_view text, std::string_view how) {
    auto [from, to] = index.equal_range(text);
    for (auto it = from; it != to; ++it) matched.emplace(it->second, how);  // keeps the first how
  };
  add(by_name_, ref, "name");
  add(by_vault_path_, ref, "vault_path");
  add(by_vault_subpath_, ref, "vault_path without mount");
  // "<env>/<name>": every cut at a slash, a key of that name whose environment has that form.
  for (size_t slash = ref.find('/'); slash != std::string::npos; slash = ref.find('/', slash + 1)) {
    const std::string_view env = std::string_view(ref).substr(0, slash);
    auto [from, to] = by_name_.equal_range(std::string_view(ref).substr(slash + 1));
    for (auto it = from; it != to; ++it) {
      const ApiKey& key = model_.keys[it->second];
      if (!key.environment) continue;
      const std::vector<std::string> forms = EnvironmentForms(*key.environment);
      if (std::find(forms.begin(), forms.end(), env) != forms.end()) matched.emplace(it->second, "<env>/<name>");
    }
  }
  Resolution r;
  if (matched.size() == 1) {
    r.status = Resolution::Status::kResolved;
    r.key = matched.begin()->first;
    r.matched_by = matched.begin()->second;
  } else if (matched.size() > 1) {
    r.status = Resolution::Status::kAmbiguous;
    for (const auto& [i, how] : matched) {
      const ApiKey& key = model_.keys[i];
      r.candidates.push_back(key.name + (key.environment ? " (" + *key.environment + ")" : ""));
    }
  } else {
    r.suggestion = Suggest(ref, model_.keys);
  }
  return r;
}

Resolution ResolveSecretRef(const Model& model, const std::string& ref) { return KeyResolver(model).Resolve(ref); }

void ResolveSchedules(Model& model) {
  model.service_index.clear();
  for (size_t i = 0; i < model.services.size(); ++i) model.service_index.emplace(model.services[i].name, i);
  if (model.service_index.size() != model.services.size()) model.service_index.clear();  // duplicate names: scan
  const KeyResolver resolver(model);
  for (Schedule& schedule : model.schedules) schedule.resolution = resolver.Resolve(schedule.secret);
}

}  // namespace rekey
