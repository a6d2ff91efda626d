// RK-OPS-001: rotation failures page someone for production keys and for
// keys of medium criticality or more.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || f.schedule->alert_on_failure == true) continue;
    if (!IsProduction(*f.key) && !AtLeast(*f.key, Criticality::kMedium)) continue;
    ctx.Report(f.key, f.schedule->LocOf("alert_on_failure"), f.key->name,
               "schedule of " + KeyLabel(*f.key) + (f.schedule->alert_on_failure ? " disables" : " does not set") +
                   " alert_on_failure",
               "set alert_on_failure: true: a rotation that fails silently leaves the old key in place");
  }
}

}  // namespace

extern const Check kCheckOps001 = {
    "RK-OPS-001",
    Severity::kError,
    "Rotation failures alert",
    "Rotations that fail silently are the most common complaint (AWSPENDING stuck, Vault retries forever): the "
    "key keeps aging while everyone believes it rotates.",
    "Set alert_on_failure: true.",
    "",
    Run};

}  // namespace rekey
