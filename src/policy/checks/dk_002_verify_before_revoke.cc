// RK-DK-002: the old key is revoked only after new-key usage is verified, with
// a timeout that fits in the grace period.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key == nullptr || f.key->supports_dual_key != true) continue;
    const Schedule& s = *f.schedule;
    if (!s.verify) {
      ctx.Report(f.key, s.loc, f.key->name,
                 "schedule of " + KeyLabel(*f.key) + " revokes the old key without verifying new-key usage",
                 "add verify: {method: provider-last-used|metrics|manual, timeout: 30m}");
    } else if (s.verify->timeout && s.grace_period && *s.verify->timeout > *s.grace_period) {
      ctx.Report(f.key, s.LocOf("verify"), f.key->name,
                 "verify timeout " + s.verify->timeout->ToString() + " of " + KeyLabel(*f.key) +
                     " is longer than grace_period " + s.grace_period->ToString(),
                 "verification must end before the grace period does");
    }
  }
}

}  // namespace

extern const Check kCheckDk002 = {
    "RK-DK-002",
    Severity::kWarning,
    "Revoke waits for verified new-key usage",
    "The seed's revoke_old_key refuses to revoke until the new key is confirmed in use; AWS calls it testSecret.",
    "Declare verify: with a method and a timeout no longer than grace_period.",
    "",
    Run};

}  // namespace rekey
