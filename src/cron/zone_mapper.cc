#include "cron/zone_mapper.h"

#include <algorithm>
#include <chrono>

#include "cron/zone_rep.h"

namespace rekey {
namespace {

// UTC offsets span -12h..+14h, so two periods' offsets differ by less than two
// days. A local time whose UTC guess sits this far inside a period therefore
// cannot also fall into a neighbouring one: it is unique, no lookup needed.
constexpr int64_t kUniqueMargin = 2 * 86400;
// date uses huge sentinels for the open ends of the first and last periods.
constexpr int64_t kFarAway = int64_t{1} << 50;

int64_t Seconds(date::sys_seconds t) { return t.time_since_epoch().count(); }

}  // namespace

void ZoneMapper::Remember(int64_t begin, int64_t end, int64_t offset) {
  begin_ = std::max(begin, -kFarAway);
  end_ = std::min(end, kFarAway);
  offset_ = offset;
}

ZoneMapper::Resolved ZoneMapper::FromLocal(int64_t local) {
  if (rep_ == nullptr) return {local, Fire::Dst::kNone};
  const int64_t guess = local - offset_;
  if (guess - kUniqueMargin >= begin_ && guess + kUniqueMargin < end_) {
    return {guess, Fire::Dst::kNone};
  }
  const date::local_info info = rep_->LocalInfo(local);
  const int64_t first_offset = info.first.offset.count();
  switch (info.result) {
    case date::local_info::unique:
      Remember(Seconds(info.first.begin), Seconds(info.first.end), first_offset);
      return {local - first_offset, Fire::Dst::kNone};
    case date::local_info::nonexistent:
      // The first valid instant after the gap is the transition itself.
      return {Seconds(info.second.begin), Fire::Dst::kShiftedFromGap};
    case date::local_info::ambiguous:
      return {local - first_offset, Fire::Dst::kFirstOfRepeated};
  }
  return {local - first_offset, Fire::Dst::kNone};
}

int64_t ZoneMapper::ToLocal(int64_t utc) {
  if (rep_ == nullptr) return utc;
  if (utc < begin_ || utc >= end_) {
    const date::sys_info info = rep_->Info(utc);
    Remember(Seconds(info.begin), Seconds(info.end), info.offset.count());
  }
  return utc + offset_;
}

}  // namespace rekey
