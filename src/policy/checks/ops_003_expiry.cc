// RK-OPS-003: keys with a provider-side expiry are noticed and rotated early.
#include "policy/checks/check_util.h"
#include "rekey/cron/next_fire.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    if (!key.expires_at) continue;
    const SourceLoc loc = key.LocOf("expires_at");
    if (*key.expires_at <= ctx.now()) {
      ctx.ReportAt(Severity::kError, &key, loc, key.name, KeyLabel(key) + " expired on " + key.expires_at->ToDate(),
                   "rotate it now: rekey plan --emergency");
      continue;
    }
    const Duration notify = ctx.DurationOf("min_notify", &key, Duration::Days(30));
    if (!key.notify_before || *key.notify_before < notify) {
      ctx.Report(&key, loc, key.name,
                 KeyLabel(key) + " expires on " + key.expires_at->ToDate() + " with " +
                     (key.notify_before ? "notify_before " + key.notify_before->ToString() : "no notify_before"),
                 "set notify_before: " + notify.ToString() + " or more");
    }
    const ScheduleFacts* f = ctx.facts().ForKey(i);
    const Duration lead = ctx.DurationOf("min_rotation_lead", &key, Duration::Days(14));
    if (f == nullptr || !f->expr || !f->zone) continue;
    std::optional<Fire> next = NextFire(*f->expr, *f->zone, ctx.now());
    if (next && next->at + lead <= *key.expires_at) continue;
    ctx.Report(&key, loc, key.name,
               KeyLabel(key) + " expires on " + key.expires_at->ToDate() + " but its next rotation is " +
                   (next ? next->at.ToDate() : std::string("never")) + ", less than " + lead.ToString() + " before",
               "rotate at least " + lead.ToString() + " before expiry");
  }
}

}  // namespace

extern const Check kCheckOps003 = {
    "RK-OPS-003",
    Severity::kWarning,
    "Expiring keys are noticed and rotated early",
    "Expired keys cause outages nobody planned (Azure fires SecretNearExpiry 30 days ahead; ACM renews 14).",
    "Set notify_before >= 30d and schedule a rotation >= 14d before expires_at.",
    "min_notify,min_rotation_lead",
    Run};

}  // namespace rekey
