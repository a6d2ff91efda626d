// RK-SCH-002: both day fields restricted — POSIX fires when EITHER matches,
// which surprises most readers ("0 2 1 * 1": the 1st AND every Monday).
#include <sstream>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

bool Restricted(const std::string& field) { return field != "*" && field != "?"; }

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.expr || f.expr->dialect() != CronDialect::kPosix || f.schedule->day_match_any) continue;
    std::istringstream in(f.schedule->expression);
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(field);
    if (fields.size() != 5 || !Restricted(fields[2]) || !Restricted(fields[4])) continue;
    ctx.Report(f.key, f.schedule->LocOf("schedule"), f.key ? f.key->name : f.schedule->secret,
               "schedule " + ExprLabel(*f.schedule) + " restricts both day-of-month (" + fields[2] +
                   ") and day-of-week (" + fields[4] + "): it fires when EITHER matches",
               "keep one day field as *, or add day_match: any to confirm the OR");
  }
}

}  // namespace

extern const Check kCheckSch002 = {
    "RK-SCH-002",
    Severity::kWarning,
    "Day fields are not ambiguous",
    "POSIX cron ORs day-of-month and day-of-week when both are set; Quartz rejects it. Readers expect AND.",
    "Restrict only one day field, or state day_match: any.",
    "",
    Run};

}  // namespace rekey
