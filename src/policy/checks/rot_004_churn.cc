// RK-ROT-004: the schedule is neither far faster than declared nor irregular.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  ForEachScheduledKey(ctx, [&](const ApiKey& key, const ScheduleFacts& f) {
    if (!key.rotation_frequency || f.cadence->fire_count < 2 || f.cadence->min_gap.seconds() <= 0) return;
    const Duration freq = *key.rotation_frequency;
    const double churn = ctx.Number("min_gap_ratio", &key, 0.4);
    const double irregular = ctx.Number("max_irregularity", &key, 2.5);
    const Duration min_gap = f.cadence->min_gap, max_gap = f.cadence->max_gap;
    if (min_gap < freq.Scaled(churn)) {
      ctx.Report(&key, f.schedule->LocOf("schedule"), key.name,
                 "schedule " + ExprLabel(*f.schedule) + " rotates " + KeyLabel(key) + " as often as every " +
                     min_gap.ToString() + ", far more often than rotation_frequency " + freq.ToString(),
                 "each rotation costs provider calls and consumer refreshes; declare the real frequency");
    } else if (static_cast<double>(max_gap.seconds()) > irregular * static_cast<double>(min_gap.seconds())) {
      ctx.Report(&key, f.schedule->LocOf("schedule"), key.name,
                 "schedule " + ExprLabel(*f.schedule) + " of " + KeyLabel(key) + " is irregular: gaps from " +
                     min_gap.ToString() + " to " + max_gap.ToString(),
                 "use evenly spaced fire times so the worst case is close to the usual one");
    }
  });
}

}  // namespace

extern const Check kCheckRot004 = {
    "RK-ROT-004",
    Severity::kWarning,
    "Cadence is regular and close to the declared frequency",
    "A schedule much faster than declared churns keys for nothing; an irregular one (e.g. \"0 2 31 * *\": 31 to "
    "61 days) makes the average misleading.",
    "Pick an expression whose gaps are even and near rotation_frequency.",
    "min_gap_ratio,max_irregularity",
    Run};

}  // namespace rekey
