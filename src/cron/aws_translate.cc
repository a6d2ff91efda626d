// POSIX -> AWS Secrets Manager cron(...), from the parsed field sets rather
// than the text, so steps, names and macros all translate the same way.
#include <string>

#include "rekey/cron/cron_expr.h"

namespace rekey {
namespace {

// "1-5,7,9-11" for the set bits of [lo, hi], runs of three or more as ranges;
// `shift` is added to each value (AWS weekdays are POSIX + 1).
std::string ListOf(uint64_t bits, int lo, int hi, int shift = 0) {
  std::string out;
  for (int v = lo; v <= hi; ++v) {
    if ((bits >> v & 1u) == 0) continue;
    int end = v;
    while (end + 1 <= hi && (bits >> (end + 1) & 1u) != 0) ++end;
    if (!out.empty()) out += ",";
    if (end - v >= 2) {
      out += std::to_string(v + shift) + "-" + std::to_string(end + shift);
      v = end;
    } else {
      out += std::to_string(v + shift);
    }
  }
  return out;
}

std::string Field(uint64_t bits, int lo, int hi, int shift = 0) {
  const uint64_t all = ((uint64_t{1} << (hi - lo + 1)) - 1) << lo;
  return (bits & all) == all ? "*" : ListOf(bits, lo, hi, shift);
}

}  // namespace

Result<std::string> ToAwsCron(const CronExpr& posix) {
  if (posix.dialect() != CronDialect::kPosix || posix.kind() != CronExpr::Kind::kCron) {
    return Error{"only POSIX cron expressions translate", "", 0};
  }
  if (posix.minutes() != 1u) {
    return Error{"AWS Secrets Manager schedules start on the hour (minute 0), this one fires at minute " +
                     ListOf(posix.minutes(), 0, 59),
                 "write minute 0 (e.g. \"0 2 1 * *\") or give the AWS form with dialect: aws", 0};
  }
  if (posix.day_of_month_restricted() && posix.day_of_week_restricted()) {
    return Error{
        "both day-of-month and day-of-week are restricted: POSIX fires when either matches, AWS cannot say that",
        "restrict one day field (the other *), or write two schedules", 0};
  }
  std::string dom = "?";
  std::string dow = "?";
  if (posix.day_of_week_restricted()) {
    dow = Field(posix.days_of_week(), 0, 6, /*shift=*/1);
  } else {
    dom = Field(posix.days_of_month(), 1, 31);
  }
  return "cron(0 " + Field(posix.hours(), 0, 23) + " " + dom + " " + Field(posix.months(), 1, 12) + " " + dow + " *)";
}

}  // namespace rekey
