// RK-ROT-002: rotations are not more frequent than the platform floor.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  ForEachScheduledKey(ctx, [&](const ApiKey& key, const ScheduleFacts& f) {
    if (f.cadence->fire_count < 2) return;
    const Duration floor = ctx.DurationOf("min_interval", &key, Duration::Days(1));
    if (f.cadence->min_gap >= floor) return;
    ctx.Report(&key, f.schedule->LocOf("schedule"), key.name,
               "schedule " + ExprLabel(*f.schedule) + " of " + KeyLabel(key) + " rotates every " +
                   f.cadence->min_gap.ToString() + ", below the floor of " + floor.ToString(),
               "providers rate-limit key creation (AWS Secrets Manager: 4h minimum); rotate less often");
  });
}

}  // namespace

extern const Check kCheckRot002 = {
    "RK-ROT-002",
    Severity::kError,
    "Rotation interval respects the platform floor",
    "Rotating faster than a provider allows fails or gets rate-limited, leaving half-finished rotations.",
    "Lengthen the interval, or lower min_interval for keys on platforms that allow it.",
    "min_interval",
    Run};

}  // namespace rekey
