// RK-SCH-005: a local-zone schedule fires inside a DST transition.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.cadence || f.cadence->dst_fires.empty()) continue;
    const Fire& first = f.cadence->dst_fires.front();
    ctx.Report(f.key, f.schedule->LocOf("schedule"), f.key ? f.key->name : f.schedule->secret,
               "schedule " + ExprLabel(*f.schedule) + " in " + f.zone->name() + " hits a DST transition " +
                   std::to_string(f.cadence->dst_fires.size()) + " times in " +
                   ctx.options().cadence_horizon.ToString() + ", first at " + f.zone->FormatLocal(first.at) + " (" +
                   std::string(DstName(first.dst)) + ")",
               "rekey fires a skipped time at the end of the gap and a repeated time once; other schedulers skip "
               "or run twice. Move the time out of the transition hours or use UTC");
  }
}

}  // namespace

extern const Check kCheckSch005 = {
    "RK-SCH-005",
    Severity::kWarning,
    "Schedule avoids DST transitions",
    "Cron implementations disagree in DST gaps and overlaps: some skip the rotation, some run it twice and "
    "revoke a key consumers have not picked up yet.",
    "Schedule outside 00:00-03:59 local on transition days, or in UTC.",
    "",
    Run};

}  // namespace rekey
