// The link step: a finding's provider, its candidate inventory keys, and the
// service and environment hints that narrow them (rekey/link/linker.h).
#include "rekey/link/linker.h"

#include <algorithm>

#include "rekey/base/text.h"
#include "rekey/source/glob.h"

namespace rekey {
namespace {

// Path tokens that name an environment. "test" and "qa" are left out: they
// name test directories far more often than environments.
std::string EnvironmentOfToken(std::string_view token) {
  if (token == "prod" || token == "production" || token == "prd") return "production";
  if (token == "staging" || token == "stage" || token == "stg" || token == "preprod") return "staging";
  if (token == "dev" || token == "development" || token == "develop") return "development";
  return "";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A service whose paths hold the finding, with the glob that matched.
struct ServiceMatch {
  const Service* service;
  std::string glob;
};

std::vector<ServiceMatch> ServicesAt(const Model& model, std::string_view path) {
  std::vector<ServiceMatch> out;
  for (const Service& s : model.services) {
    for (const std::string& glob : s.paths) {
      if (!ServicePathMatches(glob, path)) continue;
      out.push_back({&s, glob});
      break;
    }
  }
  return out;
}

bool Uses(const ApiKey& key, const std::string& service) {
  return key.used_by && std::find(key.used_by->begin(), key.used_by->end(), service) != key.used_by->end();
}

// Keeps the candidates `keep` accepts, unless that would leave none; says whether it narrowed.
template <typename Pred>
bool Narrow(std::vector<const ApiKey*>& candidates, Pred keep) {
  std::vector<const ApiKey*> kept;
  for (const ApiKey* k : candidates) {
    if (keep(*k)) kept.push_back(k);
  }
  if (kept.empty()) return false;
  candidates = std::move(kept);
  return true;
}

std::string KeyNames(const std::vector<const ApiKey*>& keys) {
  std::vector<std::string> names;
  for (const ApiKey* k : keys) names.push_back(k->name);
  return Join(names, ", ");
}

}  // namespace

std::optional<EnvironmentHint> EnvironmentFromPath(std::string_view path) {
  // Segments from the file name up: the nearest one that names an environment wins.
  size_t end = path.size();
  while (end > 0) {
    size_t start = path.rfind('/', end - 1);
    start = start == std::string_view::npos ? 0 : start + 1;
    const std::string segment(path.substr(start, end - start));
    const bool file = end == path.size();
    std::string token;
    std::vector<std::string> tokens;
    for (char c : Lower(segment)) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        token += c;
      } else if (!token.empty()) {
        tokens.push_back(std::move(token));
        token.clear();
      }
    }
    if (!token.empty()) tokens.push_back(std::move(token));
    for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
      const std::string env = EnvironmentOfToken(*it);
      if (!env.empty())
        return EnvironmentHint{env, file ? "file name \"" + segment + "\"" : "directory \"" + segment + "/\""};
    }
    if (start == 0) break;
    end = start - 1;
  }
  return std::nullopt;
}

std::string CanonicalEnvironmentName(std::string_view environment) {
  const std::string n = NormalizeName(environment);
  const std::string env = EnvironmentOfToken(n);
  return env.empty() ? n : env;
}

bool ServicePathMatches(std::string_view glob, std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  if (glob.starts_with("./")) glob.remove_prefix(2);
  if (GlobMatch(glob, path)) return true;
  for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
    if (GlobMatch(glob, path.substr(slash + 1))) return true;
  }
  return false;
}

Linker::Linker(const Model& model, const ProviderCatalog& catalog) : model_(model), catalog_(catalog) {}

const Provider* Linker::ProviderOf(const Finding& finding) const {
  const Provider* p = catalog_.FindByRule(finding.rule_id);
  return p != nullptr ? p : catalog_.FindByName(finding.provider);
}

InventoryLink Linker::Link(const Finding& finding) const {
  InventoryLink link;
  const Provider* provider = ProviderOf(finding);
  link.provider = provider != nullptr ? provider->name : finding.provider;
  std::vector<std::string> why;
  // Hints from where the secret sits: the consuming services, the environment.
  const std::vector<ServiceMatch> services = ServicesAt(model_, finding.path);
  std::vector<std::string> service_texts;
  for (const ServiceMatch& m : services) {
    link.services.push_back(m.service->name);
    service_texts.push_back(m.service->name + " (" + m.glob + ")");
  }
  std::optional<EnvironmentHint> env = EnvironmentFromPath(finding.path);
  if (!env) {
    std::vector<std::string> declared;
    for (const ServiceMatch& m : services) {
      if (m.service->environment) declared.push_back(CanonicalEnvironmentName(*m.service->environment));
    }
    std::sort(declared.begin(), declared.end());
    declared.erase(std::unique(declared.begin(), declared.end()), declared.end());
    if (declared.size() == 1) env = EnvironmentHint{declared.front(), "its service's environment"};
  }
  if (env) link.environment = env->environment;
  if (provider != nullptr && provider->generic) {
    link.status = LinkStatus::kUnknownProvider;
    link.reason = "rule " + finding.rule_id + " is generic: the secret does not say which provider issued it";
    return link;
  }
  // Candidates: every inventory key of the provider.
  std::vector<const ApiKey*> candidates;
  for (const ApiKey& key : model_.keys) {
    if (!key.provider) continue;
    const bool same = provider != nullptr ? ProviderCatalog::Names(*provider, *key.provider)
                                          : SameName(finding.provider, *key.provider);
    if (same) candidates.push_back(&key);
  }
  if (candidates.empty()) {
    link.status = LinkStatus::kUnmanaged;
    link.reason = "no inventory key has provider " + link.provider + " (rule " + finding.rule_id + ")";
    return link;
  }
  why.push_back("provider " + link.provider + (candidates.size() == 1 ? ", its only key in the inventory" : ""));
  // Narrow by consuming service, then by environment.
  if (!services.empty() && candidates.size() > 1) {
    const bool narrowed = Narrow(candidates, [&](const ApiKey& k) {
      return std::any_of(services.begin(), services.end(),
                         [&](const ServiceMatch& m) { return Uses(k, m.service->name); });
    });
    why.push_back("inside " + Join(service_texts, ", ") +
                  (narrowed ? ", which uses it" : ", which uses none of its keys"));
  } else if (!services.empty()) {
    why.push_back("inside " + Join(service_texts, ", "));
  }
  if (env && candidates.size() > 1) {
    const bool narrowed = Narrow(candidates, [&](const ApiKey& k) {
      return k.environment && CanonicalEnvironmentName(*k.environment) == env->environment;
    });
    why.push_back(env->environment + " from the " + env->evidence +
                  (narrowed ? "" : ", but no candidate is in " + env->environment));
  } else if (env) {
    why.push_back(env->environment + " from the " + env->evidence);
  }
  link.status = candidates.size() == 1 ? LinkStatus::kLinked : LinkStatus::kAmbiguous;
  if (link.status == LinkStatus::kAmbiguous) why.push_back("equally likely: " + KeyNames(candidates));
  for (const ApiKey* k : candidates) {
    link.keys.push_back({k->name, k->environment.value_or(""), k->used_by.value_or(std::vector<std::string>{})});
  }
  link.reason = Join(why, "; ");
  return link;
}

void LinkFindings(std::vector<Finding>& findings, const Linker& linker) {
  for (Finding& f : findings) f.link = linker.Link(f);
}

}  // namespace rekey
