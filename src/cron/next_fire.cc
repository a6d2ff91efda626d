// NextFire / FiresBetween over FireCursor.
#include "rekey/cron/next_fire.h"

#include <bit>
#include <limits>

#include "cron/fire_cursor.h"
#include "rekey/base/timestamp.h"

namespace rekey {
namespace {

constexpr int64_t kDay = 86400;
constexpr int kMinutesPerDay = 1440;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

std::string_view DstName(Fire::Dst dst) {
  switch (dst) {
    case Fire::Dst::kNone:
      return "none";
    case Fire::Dst::kShiftedFromGap:
      return "shifted-from-gap";
    case Fire::Dst::kFirstOfRepeated:
      return "first-of-repeated";
  }
  return "none";
}

FireCursor::FireCursor(const CronExpr& expr, const Zone& zone, Timestamp after, Timestamp until)
    : expr_(expr), mapper_(zone), last_(after.unix_seconds()), until_(until.unix_seconds()) {
  if (expr.kind() == CronExpr::Kind::kRate) return;
  const int64_t local = mapper_.ToLocal(last_);
  day_ = FloorDiv(local, kDay);
  minute_ = static_cast<int>((local - day_ * kDay) / 60);
  // Local days run up to 14 hours ahead of UTC; one spare day covers it.
  last_day_ = FloorDiv(until_, kDay) + 2;
}

Timestamp FireCursor::AfterFor(const CronExpr& expr, Timestamp from) {
  return expr.kind() == CronExpr::Kind::kRate ? from : from - Duration::Seconds(1);
}

std::optional<Fire> FireCursor::Next() {
  if (done_) return std::nullopt;
  if (expr_.kind() == CronExpr::Kind::kRate) {
    const int64_t next = last_ + expr_.rate().seconds();
    if (next > until_) return std::nullopt;
    last_ = next;
    return Fire{Timestamp::FromUnixSeconds(next)};
  }
  while (std::optional<int64_t> local = NextCandidate()) {
    const ZoneMapper::Resolved r = mapper_.FromLocal(*local);
    if (r.utc > until_) break;
    if (r.utc <= last_) continue;  // not after `after`, or folded into the last fire by a gap
    last_ = r.utc;
    return Fire{Timestamp::FromUnixSeconds(r.utc), r.dst};
  }
  done_ = true;
  return std::nullopt;
}

std::optional<int64_t> FireCursor::NextCandidate() {
  while (SeekDay()) {
    if (std::optional<int> m = NextMinuteOfDay(minute_)) {
      minute_ = *m + 1;
      return day_ * kDay + int64_t{*m} * 60;
    }
    ++day_;
    minute_ = 0;
  }
  return std::nullopt;
}

bool FireCursor::SeekDay() {
  while (day_ <= last_day_) {
    if (day_ == matched_day_) return true;
    const CivilTime c = CivilFromUnixSeconds(day_ * kDay);
    if ((expr_.months() >> c.month & 1) == 0) {
      day_ = DaysFromCivil(c.year, c.month, DaysInMonth(c.year, c.month)) + 1;
      minute_ = 0;
      continue;
    }
    if (expr_.MatchesDay(c.year, c.month, c.day)) {
      matched_day_ = day_;
      return true;
    }
    ++day_;
    minute_ = 0;
  }
  return false;
}

std::optional<int> FireCursor::NextMinuteOfDay(int from) const {
  if (from >= kMinutesPerDay) return std::nullopt;
  const int hour = from / 60;
  const int minute = from % 60;
  uint32_t hours = expr_.hours() & (~uint32_t{0} << hour);
  while (hours != 0) {
    const int h = std::countr_zero(hours);
    const uint64_t minutes = expr_.minutes() & (h == hour ? ~uint64_t{0} << minute : ~uint64_t{0});
    if (minutes != 0) return h * 60 + std::countr_zero(minutes);
    hours &= hours - 1;
  }
  return std::nullopt;
}

std::optional<Fire> NextFire(const CronExpr& expr, const Zone& zone, Timestamp after) {
  return FireCursor(expr, zone, after, after + kSearchLimit).Next();
}

std::vector<Fire> FiresBetween(const CronExpr& expr, const Zone& zone, Timestamp from, Timestamp until) {
  std::vector<Fire> fires;
  FireCursor cursor(expr, zone, FireCursor::AfterFor(expr, from), until);
  while (std::optional<Fire> fire = cursor.Next()) fires.push_back(*fire);
  return fires;
}

}  // namespace rekey
