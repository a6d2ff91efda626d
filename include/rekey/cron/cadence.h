// Cadence analysis: how regularly a schedule really rotates over a horizon, so
// policy can compare it with a key's declared rotation_frequency (`0 2 1 * *`
// has gaps of 28 to 31 days, `0 2 31 * *` up to 61) and flag fires that land on
// a DST transition.
//
// Thread-safety: a pure function over immutable values.
// Errors: none; an expression that never fires in the horizon gives fires = false.
//
//   Cadence c = AnalyzeCadence(*expr, Zone::Utc(), now, Duration::Days(1461));
//   if (!c.fires) Report("never fires");
//   else if (c.max_gap > frequency) Report(c.max_gap_start);
#ifndef REKEY_CRON_CADENCE_H_
#define REKEY_CRON_CADENCE_H_

#include <cstddef>
#include <vector>

#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/next_fire.h"
#include "rekey/cron/zone.h"

namespace rekey {

struct Cadence {
  bool fires = false;  // at least one fire in the horizon
  size_t fire_count = 0;
  Timestamp first_fire;
  Duration min_gap, max_gap;    // between consecutive fires in [from, from+horizon]; 0 if < 2 fires
  Timestamp max_gap_start;      // the earliest fire that starts a largest gap
  std::vector<Fire> dst_fires;  // fires with dst != kNone, in order
};

// Fires are counted in [from, from + horizon], both ends included. The gap
// before the first fire and after the last are not gaps (the horizon cuts them).
Cadence AnalyzeCadence(const CronExpr& expr, const Zone& zone, Timestamp from, Duration horizon);

}  // namespace rekey

#endif  // REKEY_CRON_CADENCE_H_
