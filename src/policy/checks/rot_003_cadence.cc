// RK-ROT-003: the cron cadence honours the declared rotation_frequency. The
// seed's monitoring rule is the hard line: error when the schedule lets the
// key's age exceed age_alert_factor x frequency; warning when the max gap
// exceeds the frequency.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  ForEachScheduledKey(ctx, [&](const ApiKey& key, const ScheduleFacts& f) {
    if (!key.rotation_frequency || f.cadence->fire_count < 2) return;
    const Duration freq = *key.rotation_frequency;
    const Duration gap = f.cadence->max_gap;
    const Duration grace = f.schedule->grace_period.value_or(Duration());
    const double factor = ctx.Number("age_alert_factor", &key, 1.5);
    const Duration tolerance = ctx.DurationOf("tolerance", &key, Duration());
    const Duration hard = freq.Scaled(factor);
    const std::string where = " (the gap after " + f.cadence->max_gap_start.ToDate() + ")";
    if (gap + grace > hard) {
      ctx.ReportAt(
          Severity::kError, &key, f.schedule->LocOf("schedule"), key.name,
          "max gap " + gap.ToString() + " from " + ExprLabel(*f.schedule) + " lets " + KeyLabel(key) + " reach age " +
              (gap + grace).ToString() + ", beyond " + FormatNumber(factor) + " x rotation_frequency " +
              freq.ToString() + " = " + hard.ToString() + where,
          "the seed's monitoring rule alerts at this age: schedule rotations at least every " + freq.ToString());
    } else if (gap > freq + tolerance) {
      ctx.Report(&key, f.schedule->LocOf("schedule"), key.name,
                 "max gap " + gap.ToString() + " from " + ExprLabel(*f.schedule) + " exceeds rotation_frequency " +
                     freq.ToString() + " of " + KeyLabel(key) + where,
                 "calendar months are up to 31 days (quarters 92): fire more often, e.g. \"0 2 1,15 * *\", or set "
                 "rotation_frequency to the real max gap");
    }
  });
}

}  // namespace

extern const Check kCheckRot003 = {
    "RK-ROT-003",
    Severity::kWarning,
    "Cron cadence honours rotation_frequency",
    "Monthly crons have 31-day gaps and quarterly ones 92: a \"30d\" key on \"0 2 1 * *\" is older than "
    "declared for 7 months a year. Computed over 4 years of real fire times.",
    "Fire more often than the frequency, or declare the frequency the schedule really keeps.",
    "age_alert_factor,tolerance",
    Run};

}  // namespace rekey
