// Private to the cron module: what a non-UTC Zone points at. The only place
// (with the .cc files that include it) where date/tz.h enters rekey.
#ifndef REKEY_SRC_CRON_ZONE_REP_H_
#define REKEY_SRC_CRON_ZONE_REP_H_

#include <date/tz.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "cron/posix_tz.h"

namespace rekey {

struct ZoneRep {
  // Owned by date's process-wide tzdb, which lives until exit and is never
  // reloaded by rekey, so the pointer stays valid and is safe to share.
  const date::time_zone* tz = nullptr;
  // date (3.0.1, USE_OS_TZDB) ignores the POSIX TZ rule at the end of a TZif
  // file, so a zone would freeze its offset after the last listed transition
  // (2037 in Debian's files). `tail` is that rule, used from `tail_from` (UTC
  // seconds, a week after the last listed transition, where both agree) on.
  std::optional<PosixTz> tail;
  int64_t tail_from = std::numeric_limits<int64_t>::max();

  date::sys_info Info(int64_t utc) const;
  // `local` counts wall-clock seconds since 1970-01-01T00:00 local.
  date::local_info LocalInfo(int64_t local) const;

 private:
  date::sys_info EndAtTail(date::sys_info info) const;
};

// Where date's USE_OS_TZDB build finds the zones on Debian.
inline constexpr char kZoneInfoDir[] = "/usr/share/zoneinfo";

// Throws (as date does) when the name is unknown or the tzdata is missing.
ZoneRep LoadZoneRep(std::string_view name);

}  // namespace rekey

#endif  // REKEY_SRC_CRON_ZONE_REP_H_
