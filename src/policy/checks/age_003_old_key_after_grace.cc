// RK-AGE-003: a new key was activated, the grace period is over, and the old
// key was never revoked (the seed's "old key still in use after grace period").
#include "policy/checks/audit_util.h"
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  for (const auto& [index, events] : HistoryOf(model).by_key) {
    const ApiKey& key = model.keys[index];
    const AuditEvent* activated = Last(events, AuditEventType::kActivated);
    if (activated == nullptr) continue;
    // A first activation has no previous key to revoke (`rekey apply` names it).
    bool had_previous = !activated->previous_key_id.empty();
    for (const AuditEvent* e : events)
      had_previous = had_previous || (e->type == AuditEventType::kActivated && e != activated);
    if (!had_previous) continue;
    bool revoked = false;
    for (const AuditEvent* e : events)
      revoked = revoked || ((e->type == AuditEventType::kRevoked || e->type == AuditEventType::kRolledBack) &&
                            e->time >= activated->time);
    const ScheduleFacts* f = ctx.facts().ForKey(index);
    const Duration grace = f && f->schedule->grace_period ? *f->schedule->grace_period : Duration::Hours(1);
    if (revoked || ctx.now() < activated->time + grace) continue;
    ctx.Report(&key, activated->loc, key.name,
               "the previous key of " + KeyLabel(key) + " is still valid " + (ctx.now() - activated->time).ToString() +
                   " after the new one was activated (grace " + grace.ToString() + ")",
               "find the consumers still using it, then revoke it: two valid keys double the exposure");
  }
}

}  // namespace

extern const Check kCheckAge003 = {
    "RK-AGE-003",
    Severity::kWarning,
    "Old key revoked after the grace period",
    "The seed's monitoring rule: old key still in use after the grace period means a consumer did not refresh.",
    "Restart or fix the lagging consumer, then revoke the old key.",
    "alert_for",
    Run};

}  // namespace rekey
