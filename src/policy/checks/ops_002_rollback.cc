// RK-OPS-002: production and critical keys roll back automatically on failure.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || f.schedule->rollback_on_failure == true) continue;
    if (!IsProduction(*f.key) && f.key->criticality != Criticality::kCritical) continue;
    ctx.Report(f.key, f.schedule->LocOf("rollback_on_failure"), f.key->name,
               "schedule of " + KeyLabel(*f.key) + (f.schedule->rollback_on_failure ? " disables" : " does not set") +
                   " rollback_on_failure",
               "set rollback_on_failure: true so a failing new key is replaced by the previous one");
  }
}

}  // namespace

extern const Check kCheckOps002 = {
    "RK-OPS-002",
    Severity::kError,
    "Production and critical keys roll back on failure",
    "The seed's rollback restores the previous key while it is still valid; without it a bad new key is an "
    "outage until someone wakes up.",
    "Set rollback_on_failure: true.",
    "",
    Run};

}  // namespace rekey
