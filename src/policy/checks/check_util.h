// Helpers shared by the check files: naming keys in messages and walking the
// keys together with their schedule facts.
#ifndef REKEY_POLICY_CHECKS_CHECK_UTIL_H_
#define REKEY_POLICY_CHECKS_CHECK_UTIL_H_

#include <cstdio>
#include <string>

#include "policy/facts.h"
#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {

// `api key "stripe-api-key"`
inline std::string KeyLabel(const ApiKey& key) { return "api key " + Quote(key.name); }

// `schedule "0 2 1 * *"` (the expression as written)
inline std::string ExprLabel(const Schedule& s) { return Quote(s.expression); }

inline bool IsProduction(const ApiKey& key) {
  return key.environment && CanonicalEnvironment(*key.environment) == "production";
}

inline bool AtLeast(const ApiKey& key, Criticality c) {
  return key.criticality && static_cast<int>(*key.criticality) <= static_cast<int>(c);  // enum runs critical..low
}

// Calls fn(key, facts) for every key that has a schedule whose cron and zone
// are valid (cadence known).
template <typename Fn>
void ForEachScheduledKey(CheckContext& ctx, Fn fn) {
  for (const ScheduleFacts& f : ctx.facts().schedules) {
    if (f.key != nullptr && f.cadence) fn(*f.key, f);
  }
}

// "1.5", "2", "0.25": thresholds as a person writes them.
inline std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Local civil time of `t` in the schedule's zone.
struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  int weekday = 0;  // 0 = Sunday
  int MinuteOfDay() const { return hour * 60 + minute; }
};
inline LocalTime ToLocal(const Zone& zone, Timestamp t) {
  const CivilTime c = CivilFromUnixSeconds(t.unix_seconds() + zone.OffsetAt(t));
  return {c.year, c.month, c.day, c.hour, c.minute, Weekday(DaysFromCivil(c.year, c.month, c.day))};
}

}  // namespace rekey

#endif  // REKEY_POLICY_CHECKS_CHECK_UTIL_H_
