// Private to the cron module: the walk over a schedule's fires shared by
// NextFire, FiresBetween and AnalyzeCadence.
//
// Candidates are visited in local wall-clock order: day by day (skipping
// months that never match), then only the hours and minutes the expression
// allows, so a daily schedule over four years costs ~1500 steps, not two
// million minutes. Mapping local -> UTC (zone_mapper.h) is monotonic, so the
// first candidate past `after` is the next fire, and candidates that map onto
// an already emitted instant (several times inside one DST gap) are dropped.
//
// Thread-safety: not synchronized; one cursor per computation.
#ifndef REKEY_SRC_CRON_FIRE_CURSOR_H_
#define REKEY_SRC_CRON_FIRE_CURSOR_H_

#include <cstdint>
#include <optional>

#include "cron/zone_mapper.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/next_fire.h"
#include "rekey/cron/zone.h"

namespace rekey {

class FireCursor {
 public:
  // Yields fires strictly after `after` and not after `until`. `expr` must
  // outlive the cursor.
  FireCursor(const CronExpr& expr, const Zone& zone, Timestamp after, Timestamp until);

  std::optional<Fire> Next();

  // The `after` that makes a walk include `from` itself: one second earlier for
  // cron; for rate(), `from` is the anchor (the previous rotation), not a fire.
  static Timestamp AfterFor(const CronExpr& expr, Timestamp from);

 private:
  std::optional<int64_t> NextCandidate();  // local seconds
  bool SeekDay();                          // day_ := first matching day >= day_
  std::optional<int> NextMinuteOfDay(int from) const;

  const CronExpr& expr_;
  ZoneMapper mapper_;
  int64_t last_;     // UTC seconds of the last fire, or of `after`
  int64_t until_;    // UTC seconds
  int64_t day_ = 0;  // local days since 1970-01-01
  int minute_ = 0;   // next minute of day_ to look at, 0-1440
  int64_t last_day_ = 0;
  int64_t matched_day_ = -1;  // day_ already known to match, to skip re-checking
  bool done_ = false;
};

}  // namespace rekey

#endif  // REKEY_SRC_CRON_FIRE_CURSOR_H_
