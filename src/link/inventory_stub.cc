// The inventory entry that brings an unmanaged provider's leaked keys under
// rotation: what the findings and the provider catalog say is filled in (with
// where it came from), everything else is TODO — the loader rejects a TODO
// where a duration, boolean or URL belongs, so nothing is left half-filled.
#include <algorithm>
#include <map>
#include <set>

#include "rekey/base/text.h"
#include "rekey/link/exposures.h"

namespace rekey {
namespace {

constexpr size_t kCommentColumn = 40;

std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "provider" : out;
}

// Plain when safe in YAML, else double-quoted.
std::string Scalar(const std::string& s) {
  const bool plain =
      !s.empty() && std::isalpha(static_cast<unsigned char>(s[0])) && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '-' || c == '_';
      });
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string WithComment(std::string line, const std::string& comment) {
  if (comment.empty()) return line;
  line.resize(std::max(line.size() + 2, kCommentColumn), ' ');
  return line + "# " + comment;
}

void Line(std::string& out, const std::string& field, const std::string& comment) {
  out += WithComment("    " + field, comment) + "\n";
}

std::string Documented(const Provider* p) {
  if (p == nullptr || p->references.empty()) return "";
  return "documented" + (p->rotation.applies_to.empty() ? std::string() : " for " + p->rotation.applies_to) + ": " +
         p->references.front();
}

void Entry(std::string& out, const std::string& provider, const std::string& environment,
           const std::vector<std::string>& services, const Provider* p) {
  std::string name = Slug(provider);
  if (environment == "staging") name += "-staging";
  if (environment == "development") name += "-dev";
  out += WithComment("  - name: " + name + "-api-key", "TODO: a unique name") + "\n";
  Line(out, "provider: " + Scalar(provider), "");
  Line(out, "environment: " + (environment.empty() ? std::string("TODO") : environment),
       environment.empty() ? "production | staging | development" : "where the leak was found suggests it");
  Line(out, "used_by: [" + (services.empty() ? std::string("TODO") : Join(services, ", ")) + "]",
       services.empty() ? "the services that use it" : "services whose paths hold it; TODO: any other consumer");
  Line(out, "vault_path: TODO", "where the new key will be stored");
  Line(out, "rotation_frequency: TODO", "e.g. 30d");
  const ProviderRotationFacts* facts = p != nullptr ? &p->rotation : nullptr;
  if (facts != nullptr && facts->dual_key) {
    Line(out, std::string("supports_dual_key: ") + (*facts->dual_key ? "true" : "false"), Documented(p));
  } else {
    Line(out, "supports_dual_key: TODO", "true when two keys can be valid at once");
  }
  if (facts != nullptr && facts->max_active_keys) {
    Line(out, "max_active_keys: " + std::to_string(*facts->max_active_keys), Documented(p));
  }
  if (facts != nullptr && facts->reports_last_use) {
    Line(out, std::string("reports_last_use: ") + (*facts->reports_last_use ? "true" : "false"), Documented(p));
  }
  Line(out, "provider_api: TODO", "the provider's key-management API (https:// URL)");
  Line(out, "criticality: TODO", "critical | high | medium | low");
  Line(out, "owner: TODO", "who rotates it");
}

}  // namespace

std::string InventoryStub(const std::string& provider, const std::vector<Exposure>& exposures,
                          const Provider* catalog_entry) {
  // One entry per environment the findings suggest ("" = unknown, last).
  std::map<std::string, std::set<std::string>> services_by_env;
  for (const Exposure& e : exposures) {
    std::set<std::string>& services = services_by_env[e.environment];
    services.insert(e.services.begin(), e.services.end());
  }
  std::string out = "api_keys:\n";
  auto emit = [&](const std::string& env) {
    const std::set<std::string>& s = services_by_env[env];
    Entry(out, provider, env, std::vector<std::string>(s.begin(), s.end()), catalog_entry);
  };
  for (const auto& [env, services] : services_by_env) {
    if (!env.empty()) emit(env);
  }
  if (services_by_env.count("")) emit("");
  return out;
}

}  // namespace rekey
