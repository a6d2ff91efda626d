// RK-INV-001: every key carries the fields rotation needs.
#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

bool Missing(const std::optional<std::string>& v) { return !v || v->empty(); }

void Run(CheckContext& ctx) {
  for (const ApiKey& key : ctx.model().keys) {
    std::vector<std::string> missing;
    if (Missing(key.provider)) missing.push_back("provider");
    if (Missing(key.environment)) missing.push_back("environment");
    if (!key.used_by) missing.push_back("used_by");
    if (Missing(key.vault_path)) missing.push_back("vault_path");
    if (!key.rotation_frequency) missing.push_back("rotation_frequency");
    if (!key.supports_dual_key) missing.push_back("supports_dual_key");
    if (Missing(key.provider_api)) missing.push_back("provider_api");
    if (!key.criticality) missing.push_back("criticality");
    if (missing.empty()) continue;
    ctx.Report(&key, key.loc, key.name, "api key " + Quote(key.name) + " lacks " + Join(missing, ", "),
               "add " + Join(missing, ", ") + " to the key (see README \"Inventory\")");
  }
}

}  // namespace

extern const Check kCheckInv001 = {
    "RK-INV-001",
    Severity::kError,
    "Required inventory fields are present",
    "A key without provider, environment, consumers, vault path, frequency, dual-key support, provider API "
    "or criticality cannot be rotated or gated: each of the later checks needs one of them.",
    "Add the missing fields to the key's inventory entry.",
    "",
    Run};

}  // namespace rekey
