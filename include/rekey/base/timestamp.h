// Timestamp: an instant in UTC with one-second resolution, parsed from and
// printed as RFC 3339 ("2026-11-01T02:00:00Z"; offsets like +02:00 accepted on
// input, fractional seconds truncated). Also the civil-date helpers the cron and
// plan code share.
//
// Thread-safety: a plain value type.
//
//   Result<Timestamp> t = ParseRfc3339("2026-11-01T02:00:00Z");
//   t->ToRfc3339();  // "2026-11-01T02:00:00Z"
#ifndef REKEY_BASE_TIMESTAMP_H_
#define REKEY_BASE_TIMESTAMP_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/base/duration.h"
#include "rekey/base/result.h"

namespace rekey {

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromUnixSeconds(int64_t s) { return Timestamp(s); }

  constexpr int64_t unix_seconds() const { return seconds_; }
  std::string ToRfc3339() const;  // always UTC, "Z" suffix
  std::string ToDate() const;     // "2026-11-01"

  friend constexpr auto operator<=>(Timestamp, Timestamp) = default;
  // Saturating, like Duration's arithmetic.
  friend constexpr Timestamp operator+(Timestamp t, Duration d) {
    return Timestamp(internal::SaturatingAdd(t.seconds_, d.seconds()));
  }
  friend constexpr Timestamp operator-(Timestamp t, Duration d) {
    return Timestamp(internal::SaturatingSub(t.seconds_, d.seconds()));
  }
  friend constexpr Duration operator-(Timestamp a, Timestamp b) {
    return Duration::Seconds(internal::SaturatingSub(a.seconds_, b.seconds_));
  }

 private:
  constexpr explicit Timestamp(int64_t s) : seconds_(s) {}
  int64_t seconds_ = 0;
};

// A proleptic Gregorian civil date-time, no zone.
struct CivilTime {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

int64_t DaysFromCivil(int year, int month, int day);
CivilTime CivilFromUnixSeconds(int64_t seconds);
int64_t UnixSecondsFromCivil(const CivilTime& civil);
int DaysInMonth(int year, int month);
int Weekday(int64_t days_since_epoch);  // 0 = Sunday ... 6 = Saturday

Result<Timestamp> ParseRfc3339(std::string_view text);
// Accepts a full RFC 3339 timestamp or a bare date ("2027-01-31" = midnight UTC).
Result<Timestamp> ParseDateOrTimestamp(std::string_view text);

}  // namespace rekey

#endif  // REKEY_BASE_TIMESTAMP_H_
