// RK-OPS-004: enabling rotation for a key never rotated before rotates it at
// once on most platforms; that must be acknowledged.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || f.schedule->rotate_immediately || f.key->last_rotated) continue;
    bool history = false;
    for (const AuditEvent& e : ctx.model().audit) history = history || e.secret == f.key->name;
    if (history) continue;
    ctx.Report(f.key, f.schedule->loc, f.key->name,
               KeyLabel(*f.key) +
                   " has never been rotated (no last_rotated, no audit events): enabling its "
                   "schedule may rotate it immediately",
               "set rotate_immediately: true (planned) or false (wait for the first fire), or record last_rotated");
  }
}

}  // namespace

extern const Check kCheckOps004 = {
    "RK-OPS-004",
    Severity::kWarning,
    "First rotation is acknowledged",
    "AWS RotateSecret rotates immediately by default when rotation is first enabled (terraform-provider-aws "
    "#34961): a surprise rotation during a deploy.",
    "Set rotate_immediately explicitly for keys without rotation history.",
    "",
    Run};

}  // namespace rekey
