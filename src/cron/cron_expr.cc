// CronExpr: day matching (posix OR rule, AWS L/W/#) and Describe().
#include "rekey/cron/cron_expr.h"

#include <bit>
#include <cstdio>
#include <string>
#include <vector>

#include "rekey/base/text.h"
#include "rekey/base/timestamp.h"

namespace rekey {
namespace {

constexpr const char* kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kDayShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kOrdinal[] = {"", "first", "second", "third", "fourth", "fifth"};

int WeekdayOf(int year, int month, int day) { return Weekday(DaysFromCivil(year, month, day)); }

// Quartz `nW`: the weekday nearest day n, never leaving the month.
int NearestWeekday(int year, int month, int target) {
  const int last = DaysInMonth(year, month);
  const int wd = WeekdayOf(year, month, target);
  if (wd == 6) return target == 1 ? 3 : target - 1;              // Saturday
  if (wd == 0) return target == last ? target - 2 : target + 1;  // Sunday
  return target;
}

int LastWeekday(int year, int month) {
  const int last = DaysInMonth(year, month);
  const int wd = WeekdayOf(year, month, last);
  return wd == 6 ? last - 1 : wd == 0 ? last - 2 : last;
}

// The values of a bit set joined with commas, through `name` (may be null).
std::string ListBits(uint64_t bits, int first, int last, const char* const* names, int name_base) {
  std::vector<std::string> parts;
  for (int v = first; v <= last; ++v) {
    if ((bits >> v & 1) == 0) continue;
    parts.push_back(names != nullptr ? names[v - name_base] : std::to_string(v));
  }
  return Join(parts, ",");
}

bool IsSingleBit(uint64_t bits) { return std::popcount(bits) == 1; }

constexpr uint16_t kAllMonths = 0x1FFE;     // bits 1-12
constexpr uint32_t kAllDays = 0xFFFFFFFEu;  // bits 1-31
constexpr uint8_t kAllWeekdays = 0x7F;      // bits 0-6
constexpr uint32_t kAllHours = 0xFFFFFF;    // bits 0-23

}  // namespace

bool CronExpr::MatchesDom(int year, int month, int day) const {
  switch (dom_rule_) {
    case DomRule::kSet:
      return (dom_ >> day & 1) != 0;
    case DomRule::kLastDay:
      return day == DaysInMonth(year, month);
    case DomRule::kLastWeekday:
      return day == LastWeekday(year, month);
    case DomRule::kNearestWeekday:
      return dom_arg_ <= DaysInMonth(year, month) && day == NearestWeekday(year, month, dom_arg_);
  }
  return false;
}

bool CronExpr::MatchesDow(int year, int month, int day) const {
  const int wd = WeekdayOf(year, month, day);
  switch (dow_rule_) {
    case DowRule::kSet:
      return (dow_ >> wd & 1) != 0;
    case DowRule::kLastOfMonth:
      return wd == dow_weekday_ && day + 7 > DaysInMonth(year, month);
    case DowRule::kNth:
      return wd == dow_weekday_ && (day - 1) / 7 + 1 == dow_nth_;
  }
  return false;
}

bool CronExpr::MatchesDay(int year, int month, int day) const {
  // An unrestricted field matches every day, so AND leaves the other one in
  // charge; when both are restricted, POSIX says a day matching either fires.
  if (dom_any_ || dow_any_) return MatchesDom(year, month, day) && MatchesDow(year, month, day);
  return MatchesDom(year, month, day) || MatchesDow(year, month, day);
}

std::string CronExpr::Describe() const {
  if (kind_ == Kind::kRate) {
    const bool days = rate_.seconds() % 86400 == 0;
    const int64_t n = days ? rate_.seconds() / 86400 : rate_.seconds() / 3600;
    return "every " + std::to_string(n) + (days ? " day" : " hour") + (n == 1 ? "" : "s");
  }
  const bool all_months = months_ == kAllMonths;
  const bool every_day = dom_any_ && dow_any_ && dom_ == kAllDays && dow_ == kAllWeekdays;
  if (IsSingleBit(minutes_) && hours_ == kAllHours && every_day && all_months) {
    return "hourly at minute " + std::to_string(std::countr_zero(minutes_));
  }
  // AWS text already reads "cron(...)"; posix text gets the word in front.
  const std::string as_text = dialect_ == CronDialect::kAws ? text_ : "cron " + text_;
  if (!IsSingleBit(minutes_) || !IsSingleBit(hours_)) {
    return as_text;  // several times a day: the expression says it best
  }
  char time[16];
  std::snprintf(time, sizeof time, "%02d:%02d", std::countr_zero(hours_), std::countr_zero(minutes_));
  std::string out = every_day ? std::string("daily at ") + time : DescribeDays(time);
  if (out.empty()) return as_text;
  if (!all_months) out += " in " + ListBits(months_, 1, 12, kMonthShort, 1);
  return out;
}

std::string CronExpr::DescribeDays(const std::string& time) const {
  const std::string monthly = "monthly at " + time + " on ";
  if (dow_any_ && dom_rule_ == DomRule::kSet && dom_ != kAllDays) {
    return std::string(IsSingleBit(months_) ? "yearly" : "monthly") + " at " + time + " on day" +
           (IsSingleBit(dom_) ? " " : "s ") + ListBits(dom_, 1, 31, nullptr, 0);
  }
  if (dom_any_ && dom_ == kAllDays && dow_rule_ == DowRule::kSet && dow_ != kAllWeekdays) {
    return "weekly at " + time + " on " + ListBits(dow_, 0, 6, kDayShort, 0);
  }
  if (dom_any_ && dow_rule_ == DowRule::kNth) {
    return monthly + "the " + kOrdinal[dow_nth_] + " " + kDayShort[dow_weekday_];
  }
  if (dom_any_ && dow_rule_ == DowRule::kLastOfMonth) {
    return monthly + "the last " + kDayShort[dow_weekday_];
  }
  if (!dow_any_) return "";  // posix "either day field" schedules: no short reading
  switch (dom_rule_) {
    case DomRule::kLastDay:
      return monthly + "the last day";
    case DomRule::kLastWeekday:
      return monthly + "the last weekday";
    case DomRule::kNearestWeekday:
      return monthly + "the weekday nearest day " + std::to_string(dom_arg_);
    case DomRule::kSet:
      break;
  }
  return "";
}

}  // namespace rekey
