// RK-GRC-003: one rotation finishes well before the next begins:
// grace + verify timeout < ratio x shortest interval.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  ForEachScheduledKey(ctx, [&](const ApiKey& key, const ScheduleFacts& f) {
    if (!f.schedule->grace_period || f.cadence->fire_count < 2) return;
    const Duration verify =
        f.schedule->verify && f.schedule->verify->timeout ? *f.schedule->verify->timeout : Duration();
    const Duration busy = *f.schedule->grace_period + verify;
    const double ratio = ctx.Number("max_ratio", &key, 0.5);
    const Duration limit = f.cadence->min_gap.Scaled(ratio);
    if (busy < limit) return;
    ctx.Report(&key, f.schedule->LocOf("grace_period"), key.name,
               "grace_period " + f.schedule->grace_period->ToString() +
                   (verify.seconds() ? " + verify timeout " + verify.ToString() : "") + " of " + KeyLabel(key) +
                   " is not below " + FormatNumber(ratio) + " x its shortest interval " + f.cadence->min_gap.ToString(),
               "the next rotation could start while the previous one is still pending; shorten grace or rotate "
               "less often");
  });
}

}  // namespace

extern const Check kCheckGrc003 = {
    "RK-GRC-003",
    Severity::kError,
    "Rotations never overlap",
    "A rotation that starts while the previous revoke is pending stacks three keys or revokes the wrong one "
    "(AWS: AWSPENDING in-progress errors).",
    "Keep grace + verify timeout under half the shortest interval.",
    "max_ratio",
    Run};

}  // namespace rekey
