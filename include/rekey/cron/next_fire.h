// Next-fire computation: when a CronExpr fires, as UTC instants, for a schedule
// evaluated in a Zone.
//
// Cron fields are matched against local wall-clock time, then converted to UTC.
// DST rules (research/rotation.md §4.4; never silently skip a rotation, never
// rotate twice):
//   - a local time inside a spring-forward gap fires at the first valid instant
//     after the gap (the transition itself), marked kShiftedFromGap; several
//     gap times on one day collapse into that single fire;
//   - a local time in a repeated (fall-back) interval fires once, at its first
//     occurrence, marked kFirstOfRepeated.
// `rate(N ...)` ignores the zone (elapsed time) and fires at after + k*N, k >= 1:
// the anchor is the previous rotation.
//
// Thread-safety: pure functions over immutable values.
// Errors: none; an expression that never fires within kSearchLimit gives nullopt.
//
//   Result<CronExpr> e = ParseCron("30 2 * * *", CronDialect::kPosix);
//   std::optional<Fire> f = NextFire(*e, *Zone::Load("America/New_York"), now);
//   if (f && f->dst != Fire::Dst::kNone) Warn(*f);
#ifndef REKEY_CRON_NEXT_FIRE_H_
#define REKEY_CRON_NEXT_FIRE_H_

#include <optional>
#include <string_view>
#include <vector>

#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/zone.h"

namespace rekey {

struct Fire {
  Timestamp at;  // UTC instant
  enum class Dst { kNone, kShiftedFromGap, kFirstOfRepeated } dst = Dst::kNone;

  friend bool operator==(const Fire&, const Fire&) = default;
};

std::string_view DstName(Fire::Dst dst);  // "none" | "shifted-from-gap" | "first-of-repeated"

// How far NextFire looks before concluding "never again": 10 years, longer than
// the 8-year gap between leap days around 2100.
inline constexpr Duration kSearchLimit = Duration::Days(3653);

// The first fire strictly after `after`, or nullopt when none within kSearchLimit.
std::optional<Fire> NextFire(const CronExpr& expr, const Zone& zone, Timestamp after);

// Every fire in [from, until], in order. Callers bound the range; a minutely
// expression over years yields millions of fires.
std::vector<Fire> FiresBetween(const CronExpr& expr, const Zone& zone, Timestamp from, Timestamp until);

}  // namespace rekey

#endif  // REKEY_CRON_NEXT_FIRE_H_
