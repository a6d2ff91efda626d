// The cron module in one include: parsing (cron_expr.h), time zones (zone.h),
// next-fire computation (next_fire.h) and cadence analysis (cadence.h).
//
// Thread-safety, errors: see each header; all types are immutable values.
//
//   Result<CronExpr> e = ParseCron("0 2 1 * *", CronDialect::kPosix);
//   Result<Zone> z = Zone::Load("Europe/Berlin");
//   Cadence c = AnalyzeCadence(*e, *z, now, Duration::Days(1461));
#ifndef REKEY_CRON_CRON_H_
#define REKEY_CRON_CRON_H_

#include "rekey/cron/cadence.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/next_fire.h"
#include "rekey/cron/zone.h"

#endif  // REKEY_CRON_CRON_H_
