// Per-key plan facts: who consumes the key, how fast each consumer sees a new
// one, who must be restarted, and how to roll a rotation back.
#include <algorithm>
#include <string>

#include "plan/plan_internal.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

PlanConsumer MakeConsumer(const std::string& name, const Model& model) {
  PlanConsumer c;
  c.service = name;
  const Service* service = model.FindService(name);
  if (service == nullptr) {
    c.reads_via = ReadsViaName(ReadsVia::kUnknown);
    c.refresh = DefaultRefresh(ReadsVia::kUnknown);
    c.refresh_source = "service not declared";
    return c;
  }
  c.reads_via = ReadsViaName(service->reads_via);
  if (service->reads_via == ReadsVia::kEnv) {
    c.restart_required = true;
    c.refresh_source = "restart";
    if (service->restart == RestartMode::kAutomatic) c.restart_how = "automatic";
    if (service->restart == RestartMode::kManual) c.restart_how = "manual";
    return c;
  }
  if (service->refresh) {
    c.refresh = *service->refresh;
    c.refresh_source = "declared";
  } else {
    c.refresh = DefaultRefresh(service->reads_via);
    c.refresh_source = "default for " + c.reads_via;
  }
  return c;
}

// Leak responses: consumers holding a hardcoded copy restart first (they must
// be redeployed without it before the revoke), then the env consumers.
void ApplyExposures(KeyPlan& k, std::span<const Exposure> exposures) {
  k.exposures.assign(exposures.begin(), exposures.end());
  for (const Exposure& e : k.exposures) {
    for (const std::string& service : e.services) {
      const bool consumer = std::any_of(k.consumers.begin(), k.consumers.end(),
                                        [&](const PlanConsumer& c) { return c.service == service; });
      if (consumer && std::find(k.leak_holders.begin(), k.leak_holders.end(), service) == k.leak_holders.end()) {
        k.leak_holders.push_back(service);
      }
    }
  }
  std::vector<std::string> restarts = k.leak_holders;
  for (const std::string& s : k.restarts) {
    if (std::find(restarts.begin(), restarts.end(), s) == restarts.end()) restarts.push_back(s);
  }
  k.restarts = std::move(restarts);
}

std::vector<std::string> RollbackProcedure(const KeyPlan& k) {
  const std::string provider_api = k.provider_api.empty() ? "the provider" : k.provider_api;
  const std::string escape = "after that, rotate forward: `rekey plan --emergency " + k.key + "`";
  if (!k.dual_key) {
    return {"none once the old key is revoked at the start of the maintenance window (rollback_until = the fire)",
            "if the new key fails, issue another one at " + provider_api + "; " + escape};
  }
  const std::string vault = k.vault_path.empty() ? "the vault" : "the vault at " + k.vault_path;
  std::vector<std::string> steps = {"restore the previous version in " + vault + " as primary (the store step kept it)",
                                    "confirm the old key is still valid at " + provider_api};
  // Only the startup readers: a leak holder redeployed without its copy reads the vault like the others.
  std::vector<std::string> startup;
  for (const PlanConsumer& c : k.consumers) {
    if (c.restart_required) startup.push_back(c.service);
  }
  if (!startup.empty()) steps.push_back("restart " + Join(startup, ", ") + " (they read the key at startup)");
  steps.push_back("revoke the new key at " + provider_api);
  steps.push_back("possible only until the old key is revoked (rollback_until); " + escape);
  return steps;
}

}  // namespace

std::string ExposureWhere(const Exposure& e) {
  return e.where.path + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column);
}

KeyPlan MakeKeyPlan(const ApiKey& key, const Model& model, std::span<const Exposure> exposures) {
  KeyPlan k;
  k.key = key.name;
  k.provider = key.provider.value_or("");
  k.environment = key.environment.value_or("");
  k.owner = key.owner.value_or("");
  k.criticality = key.criticality ? std::string(CriticalityName(*key.criticality)) : "";
  k.vault_path = key.vault_path.value_or("");
  k.provider_api = key.provider_api.value_or("");
  k.dual_key = key.supports_dual_key.value_or(false);
  k.downtime_accepted = key.downtime_accepted;
  for (const std::string& name : key.used_by.value_or(std::vector<std::string>{})) {
    PlanConsumer c = MakeConsumer(name, model);
    if (c.restart_required) {
      k.restarts.push_back(c.service);
    } else if (k.slowest_consumer.empty() || c.refresh > k.slowest_refresh) {
      k.slowest_consumer = c.service;
      k.slowest_refresh = c.refresh;
    }
    k.consumers.push_back(std::move(c));
  }
  if (!exposures.empty()) ApplyExposures(k, exposures);
  k.rollback = RollbackProcedure(k);
  if (!exposures.empty()) k.rollback.insert(k.rollback.begin(), kCompromisedRollbackNote);
  return k;
}

}  // namespace rekey
