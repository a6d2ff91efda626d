// CronExpr: a parsed rotation schedule, either a cron expression or an AWS
// `rate(...)`. Two dialects:
//   kPosix  Vixie 5-field "min hour dom month dow": lists, ranges, steps
//           (`a-b/n`, `*/n`, `a/n` = a-max/n), names JAN-DEC / SUN-SAT, dow 0-7
//           (0 and 7 = Sunday), macros @yearly @annually @monthly @weekly @daily
//           @midnight @hourly. When both day fields are restricted a day matches
//           if EITHER does; only a bare `*` (or `?`) is unrestricted, so
//           `0 0 */2 * 1` fires on odd days and on Mondays (POSIX, robfig/cron
//           as in Kubernetes and Vault; Vixie cron would AND them).
//   kAws    AWS Secrets Manager: `cron(min hour dom month dow year)` with minute
//           `0`, year `*`, `?` in exactly one day field, `L`, `LW`, `15W`, `5L`,
//           `2#1`, dow 1-7 = SUN-SAT; or `rate(N hours|days)`, 4 h to 999 days.
//
// Thread-safety: an immutable value; share freely.
// Errors: ParseCron returns an Error naming the bad field, its 1-based byte
// column in `text`, and a hint listing what the field accepts.
//
//   Result<CronExpr> e = ParseCron("0 2 1 * *", CronDialect::kPosix);
//   if (!e) return e.error();
//   e->Describe();  // "monthly at 02:00 on day 1"
#ifndef REKEY_CRON_CRON_EXPR_H_
#define REKEY_CRON_CRON_EXPR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/base/duration.h"
#include "rekey/base/result.h"

namespace rekey {

enum class CronDialect { kPosix, kAws };

class CronExpr {
 public:
  enum class Kind { kCron, kRate };

  const std::string& text() const { return text_; }  // exactly as given to ParseCron
  CronDialect dialect() const { return dialect_; }
  Kind kind() const { return kind_; }
  Duration rate() const { return rate_; }  // kRate only: the period N hours or N days

  // kCron only: bit i set = value i allowed.
  uint64_t minutes() const { return minutes_; }  // bits 0-59
  uint32_t hours() const { return hours_; }      // bits 0-23
  uint16_t months() const { return months_; }    // bits 1-12
  // kCron, set rules only (no L/W/#): the day fields as sets; `*` / `?` = unrestricted.
  uint32_t days_of_month() const { return dom_; }  // bits 1-31
  uint8_t days_of_week() const { return dow_; }    // bits 0-6, 0 = Sunday
  bool day_of_month_restricted() const { return !dom_any_; }
  bool day_of_week_restricted() const { return !dow_any_; }

  // Whether the civil date passes the day-of-month / day-of-week rules
  // (month not included). kCron only.
  bool MatchesDay(int year, int month, int day) const;

  // Short English reading for plans and messages, e.g. "monthly at 02:00 on day 1",
  // "daily at 01:30", "every 30 days". Falls back to the expression text.
  std::string Describe() const;

 private:
  friend class CronParser;  // src/cron/cron_parser.cc fills the fields

  // AWS-only day rules that are not plain sets.
  enum class DomRule { kSet, kLastDay, kLastWeekday, kNearestWeekday };
  enum class DowRule { kSet, kLastOfMonth, kNth };

  bool MatchesDom(int year, int month, int day) const;
  bool MatchesDow(int year, int month, int day) const;
  std::string DescribeDays(const std::string& time) const;  // "" when there is no short reading

  std::string text_;
  CronDialect dialect_ = CronDialect::kPosix;
  Kind kind_ = Kind::kCron;
  Duration rate_;
  uint64_t minutes_ = 0;
  uint32_t hours_ = 0;
  uint16_t months_ = 0;
  uint32_t dom_ = 0;     // bits 1-31
  uint8_t dow_ = 0;      // bits 0-6, 0 = Sunday
  bool dom_any_ = true;  // `*` or `?`: the field does not restrict
  bool dow_any_ = true;
  DomRule dom_rule_ = DomRule::kSet;
  int dom_arg_ = 0;  // kNearestWeekday: the target day
  DowRule dow_rule_ = DowRule::kSet;
  int dow_weekday_ = 0;  // kLastOfMonth / kNth: 0 = Sunday
  int dow_nth_ = 0;      // kNth: 1-5
};

Result<CronExpr> ParseCron(std::string_view text, CronDialect dialect);

// The AWS Secrets Manager `cron(...)` that fires at the same UTC instants as a
// POSIX expression evaluated in UTC, e.g. "0 2 1 */3 *" -> "cron(0 2 1 1,4,7,10 ? *)"
// (fields written as lists and ranges; weekdays 1-7 = SUN-SAT). Errors say what
// AWS cannot express: a minute other than 0, or both day fields restricted
// (POSIX fires when either matches; AWS needs `?` in one).
Result<std::string> ToAwsCron(const CronExpr& posix);

}  // namespace rekey

#endif  // REKEY_CRON_CRON_EXPR_H_
