// Linked findings -> Exposures and unmanaged groups; catalog -> policy facts.
#include "rekey/link/exposures.h"

#include <map>

#include "rekey/base/text.h"

namespace rekey {
namespace {

Exposure FromFinding(const Finding& f) {
  Exposure e;
  e.provider = f.link.provider;
  e.rule_id = f.rule_id;
  e.severity = std::string(RuleSeverityName(f.severity));
  e.where = {f.path, f.line, f.column};
  e.secret_redacted = f.secret_redacted;
  e.fingerprint = f.fingerprint;
  e.commit = f.commit;
  e.services = f.link.services;
  e.environment = f.link.environment;
  e.reason = f.link.reason;
  return e;
}

}  // namespace

LinkedExposures CollectExposures(const std::vector<Finding>& findings, const ProviderCatalog& catalog) {
  LinkedExposures out;
  std::map<std::string, std::vector<Exposure>> unmanaged;  // by provider
  for (const Finding& f : findings) {
    switch (f.link.status) {
      case LinkStatus::kLinked:
      case LinkStatus::kAmbiguous:
        for (const LinkedKey& k : f.link.keys) {
          Exposure e = FromFinding(f);
          e.key = k.name;
          e.ambiguous = f.link.status == LinkStatus::kAmbiguous;
          out.exposures.push_back(std::move(e));
        }
        break;
      case LinkStatus::kUnmanaged:
        unmanaged[f.link.provider].push_back(FromFinding(f));
        break;
      case LinkStatus::kNotLinked:
      case LinkStatus::kUnknownProvider:
        break;
    }
  }
  for (auto& [provider, exposures] : unmanaged) {
    out.exposures.insert(out.exposures.end(), exposures.begin(), exposures.end());
    std::string stub = InventoryStub(provider, exposures, catalog.FindByName(provider));
    out.unmanaged.push_back({provider, std::move(exposures), std::move(stub)});
  }
  return out;
}

std::vector<ProviderFacts> PolicyProviderFacts(const ProviderCatalog& catalog) {
  std::vector<ProviderFacts> out;
  for (const Provider& p : catalog.providers()) {
    const ProviderRotationFacts& r = p.rotation;
    if (!r.dual_key && !r.max_active_keys && !r.reports_last_use && !r.key_creation_limit) continue;
    ProviderFacts f;
    f.name = p.name;
    f.names.push_back(NormalizeName(p.name));
    for (const std::string& alias : p.aliases) f.names.push_back(NormalizeName(alias));
    f.applies_to = r.applies_to;
    f.dual_key = r.dual_key;
    f.max_active_keys = r.max_active_keys;
    f.reports_last_use = r.reports_last_use;
    if (r.key_creation_limit)
      f.key_creation_limit = KeyCreationRate{r.key_creation_limit->count, r.key_creation_limit->per};
    f.references = p.references;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace rekey
