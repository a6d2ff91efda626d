// RK-SCH-004: the schedule's time zone is an IANA name.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.zone_error) continue;
    ctx.Report(
        f.key, f.schedule->LocOf("timezone"), f.key ? f.key->name : f.schedule->secret,
        "timezone " + Quote(f.schedule->timezone.value_or("")) + " is not an IANA time zone: " + f.zone_error->message,
        f.zone_error->hint.empty() ? "use a name like UTC, Europe/Berlin, America/New_York" : f.zone_error->hint);
  }
}

}  // namespace

extern const Check kCheckSch004 = {
    "RK-SCH-004",
    Severity::kError,
    "Time zone is an IANA name",
    "Abbreviations (EST, CET) and TZ= prefixes are ambiguous or ignored by schedulers; Kubernetes rejects them.",
    "Use an IANA zone name (default UTC).",
    "",
    Run};

}  // namespace rekey
