// Schedule → key resolution (DESIGN.md): a schedule's `secret` names exactly
// one key by its name, its vault_path, its vault_path without the mount
// segment, or
// "<env>/<name>" with environment short forms (production→prod,
// staging→stage/stg, development→dev).
#include <set>
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
  for (size_t i = 0; i < model.keys.size(); ++i) {
    for (Alias& alias : AliasesOf(model.keys[i])) {
      std::vector<std::pair<int, std::string>>& list = aliases_[alias.text];
      if (list.empty() || list.back().first != static_cast<int>(i)) list.emplace_back(static_cast<int>(i), alias.how);
    }
  }
}

Resolution KeyResolver::Resolve(const std::string& ref) const {
  Resolution r;
  auto it = aliases_.find(ref);
  std::set<int> matched;
  if (it != aliases_.end()) {
    for (const auto& [key, how] : it->second) {
      if (matched.insert(key).second && r.matched_by.empty()) r.matched_by = how;
    }
  }
  if (matched.size() == 1) {
    r.status = Resolution::Status::kResolved;
    r.key = *matched.begin();
  } else if (matched.size() > 1) {
    r.status = Resolution::Status::kAmbiguous;
    r.matched_by.clear();
    for (int i : matched) {
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
