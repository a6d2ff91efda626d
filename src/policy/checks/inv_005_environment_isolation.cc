// RK-INV-005: a key of one environment is not consumed by services of another.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ApiKey& key : ctx.model().keys) {
    if (!key.environment || !key.used_by) continue;
    const std::string env = CanonicalEnvironment(*key.environment);
    for (const std::string& name : *key.used_by) {
      const Service* service = ctx.model().FindService(name);
      if (service == nullptr || !service->environment || CanonicalEnvironment(*service->environment) == env) continue;
      ctx.Report(&key, key.LocOf("used_by"), key.name,
                 KeyLabel(key) + " (" + *key.environment + ") is used by service " + Quote(name) + " declared in " +
                     *service->environment,
                 "give each environment its own key; a staging leak must not open production");
    }
  }
}

}  // namespace

extern const Check kCheckInv005 = {
    "RK-INV-005",
    Severity::kError,
    "Environments are isolated",
    "A production key read by a non-production service is exposed to that environment's weaker controls.",
    "Issue a separate key per environment and point each service at its own.",
    "",
    Run};

}  // namespace rekey
