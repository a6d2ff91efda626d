// RK-SCH-001: the schedule parses under its dialect.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (!f.parse_error) continue;
    SourceLoc loc = f.schedule->LocOf("schedule");
    if (f.schedule->expression_column > 0 && f.parse_error->column > 0) {
      loc.column = f.schedule->expression_column + f.parse_error->column - 1;
    }
    ctx.Report(f.key, loc, f.key ? f.key->name : f.schedule->secret,
               "schedule " + ExprLabel(*f.schedule) + " does not parse: " + f.parse_error->message,
               f.parse_error->hint);
  }
}

}  // namespace

extern const Check kCheckSch001 = {
    "RK-SCH-001",
    Severity::kError,
    "Schedule parses under its dialect",
    "A schedule the orchestrator cannot parse never rotates; 6-field, ?, L, W and # belong to the aws dialect.",
    "Fix the expression (POSIX 5-field or @macro), or set dialect: aws for cron(...)/rate(...).",
    "",
    Run};

}  // namespace rekey
