// RK-SCH-006: every rotation (fire .. fire + grace) lies inside a declared
// maintenance window, outside blackouts, and - for critical keys - outside
// business hours (Mon-Fri 08:00-18:00 local) unless allowed.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

bool InWindow(const TimeWindow& w, const LocalTime& start, int length_minutes) {
  if (!(w.days & (1u << start.weekday))) return false;
  int end = w.end_minute <= w.start_minute ? w.end_minute + 1440 : w.end_minute;
  const int s = start.MinuteOfDay();
  return s >= w.start_minute && s + length_minutes <= end;
}

bool BusinessHours(const LocalTime& t) { return t.weekday >= 1 && t.weekday <= 5 && t.hour >= 8 && t.hour < 18; }

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.cadence || f.key == nullptr) continue;
    const Schedule& s = *f.schedule;
    const Duration grace = s.grace_period.value_or(Duration());
    const bool critical = f.key->criticality == Criticality::kCritical && !s.allow_business_hours;
    if (s.windows.empty() && s.blackouts.empty() && !critical) continue;
    for (const Fire& fire : f.upcoming()) {
      const LocalTime local = ToLocal(*f.zone, fire.at);
      std::string problem, hint;
      bool inside = s.windows.empty();
      for (const TimeWindow& w : s.windows)
        inside = inside || InWindow(w, local, static_cast<int>(grace.seconds() / 60));
      if (!inside) {
        problem = "falls outside every maintenance window";
        hint = "move the schedule (and its grace period) into a window, or widen the window";
      } else if (critical && BusinessHours(local)) {
        problem = "runs in business hours (Mon-Fri 08:00-18:00 local) for a critical key";
        hint = "rotate critical keys off-peak, or set allow_business_hours: true";
      }
      for (const Blackout& b : s.blackouts) {
        if (problem.empty() && fire.at < b.until && fire.at + grace > b.from) {
          problem = "overlaps the blackout " + b.from.ToDate() + ".." + b.until.ToDate() +
                    (b.reason.empty() ? "" : " (" + b.reason + ")");
          hint = "skip or move this rotation; a rotation during a freeze is a change during a freeze";
        }
      }
      if (problem.empty()) continue;
      ctx.Report(f.key, s.LocOf("schedule"), f.key->name,
                 "rotation of " + KeyLabel(*f.key) + " at " + f.zone->FormatLocal(fire.at) + " " + problem, hint);
      break;  // the first offending rotation is enough to fix the schedule
    }
  }
}

}  // namespace

extern const Check kCheckSch006 = {
    "RK-SCH-006",
    Severity::kError,
    "Rotations respect windows and blackouts",
    "Vault added rotation windows for market hours; a rotation that fails mid-day or during a freeze is an "
    "incident at the worst time.",
    "Declare windows:/blackouts: on the schedule and keep fire + grace inside them.",
    "",
    Run};

}  // namespace rekey
