// RK-SCH-003: the schedule fires, soon and at least once a year.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.cadence) continue;
    const std::string subject = f.key ? f.key->name : f.schedule->secret;
    const Duration limit = ctx.DurationOf("max_interval", f.key, Duration::Days(366));
    const SourceLoc loc = f.schedule->LocOf("schedule");
    if (!f.cadence->fires) {
      ctx.Report(
          f.key, loc, subject,
          "schedule " + ExprLabel(*f.schedule) + " never fires in the next " + ctx.options().cadence_horizon.ToString(),
          "a date like Feb 30 never occurs; pick a day every month has");
    } else if (f.cadence->first_fire - ctx.now() > limit) {
      ctx.Report(f.key, loc, subject,
                 "schedule " + ExprLabel(*f.schedule) + " first fires on " + f.cadence->first_fire.ToDate() +
                     ", more than " + limit.ToString() + " away",
                 "the key is not rotated until then; choose a schedule that fires within a year");
    } else if (f.cadence->max_gap > limit) {
      ctx.Report(f.key, loc, subject,
                 "schedule " + ExprLabel(*f.schedule) + " leaves gaps of " + f.cadence->max_gap.ToString() +
                     " (after " + f.cadence->max_gap_start.ToDate() + ")",
                 "leap-day and similar schedules fire once in years; pick a day every year has");
    }
  }
}

}  // namespace

extern const Check kCheckSch003 = {
    "RK-SCH-003",
    Severity::kError,
    "Schedule fires at least once a year",
    "\"0 0 30 2 *\" never fires and \"0 3 29 2 *\" fires every 4 years: the key silently never rotates.",
    "Use a day that exists in every month or year.",
    "max_interval",
    Run};

}  // namespace rekey
