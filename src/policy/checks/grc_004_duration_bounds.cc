// RK-GRC-004: grace period present and not too short; frequency not absurd.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    const std::string subject = f.key ? f.key->name : f.schedule->secret;
    const Duration min_grace = ctx.DurationOf("min_grace", f.key, Duration::Minutes(15));
    if (!f.schedule->grace_period) {
      ctx.Report(f.key, f.schedule->loc, subject, "schedule for " + Quote(f.schedule->secret) + " has no grace_period",
                 "add grace_period (e.g. 2h): without it the old key is revoked immediately");
    } else if (*f.schedule->grace_period < min_grace) {
      ctx.Report(
          f.key, f.schedule->LocOf("grace_period"), subject,
          "grace_period " + f.schedule->grace_period->ToString() + " is below the minimum " + min_grace.ToString(),
          "sidecars need 5-15 minutes to refresh; allow at least " + min_grace.ToString());
    }
  }
  for (const ApiKey& key : ctx.model().keys) {
    const Duration min_frequency = ctx.DurationOf("min_frequency", &key, Duration::Hours(1));
    if (key.rotation_frequency && *key.rotation_frequency < min_frequency) {
      ctx.Report(
          &key, key.LocOf("rotation_frequency"), key.name,
          "rotation_frequency " + key.rotation_frequency->ToString() + " of " + KeyLabel(key) + " is below " +
              min_frequency.ToString(),
          "use dynamic secrets for credentials that live minutes; rotation needs at least " + min_frequency.ToString());
    }
  }
}

}  // namespace

extern const Check kCheckGrc004 = {
    "RK-GRC-004",
    Severity::kError,
    "Grace period and frequency within bounds",
    "No grace period means instant revoke; a sub-hour frequency leaves no room for grace and verification.",
    "Set grace_period >= 15m and rotation_frequency >= 1h.",
    "min_grace,min_frequency",
    Run};

}  // namespace rekey
