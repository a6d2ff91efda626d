// Duration: a span of real elapsed time in whole seconds, parsed from rekey's
// duration syntax: one or more <integer><unit> pairs with units s, m, h, d, w in
// decreasing order, e.g. "30d", "2h", "1d12h", "90m", "1w". No months or years:
// their length varies, so "1mo" is rejected with a hint. Parsed durations are
// at most kMaxDuration (1000 years), so sums with timestamps never overflow;
// arithmetic saturates at the int64 range instead of wrapping (a policy may
// scale a duration by any factor it likes).
//
// Thread-safety: a plain value type.
//
//   Result<Duration> grace = ParseDuration("2h");   // 7200 s
//   grace->ToString();                               // "2h"
#ifndef REKEY_BASE_DURATION_H_
#define REKEY_BASE_DURATION_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/base/result.h"

namespace rekey {

namespace internal {
// int64 arithmetic that saturates at the type's range instead of overflowing.
constexpr int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}
constexpr int64_t SaturatingSub(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}
constexpr int64_t SaturatingMul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
  return r;
}
}  // namespace internal

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Seconds(int64_t s) { return Duration(s); }
  static constexpr Duration Minutes(int64_t m) { return Duration(m * 60); }
  static constexpr Duration Hours(int64_t h) { return Duration(h * 3600); }
  static constexpr Duration Days(int64_t d) { return Duration(d * 86400); }

  constexpr int64_t seconds() const { return seconds_; }
  double days() const { return static_cast<double>(seconds_) / 86400.0; }

  // Canonical form: largest units first, zero parts dropped ("1d12h", "0s").
  std::string ToString() const;

  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) {
    return Duration(internal::SaturatingAdd(a.seconds_, b.seconds_));
  }
  friend constexpr Duration operator-(Duration a, Duration b) {
    return Duration(internal::SaturatingSub(a.seconds_, b.seconds_));
  }
  friend constexpr Duration operator*(Duration a, int64_t k) {
    return Duration(internal::SaturatingMul(a.seconds_, k));
  }
  // Scales by a real factor, rounding toward zero (thresholds like 1.5 x
  // frequency); saturates, and a NaN factor gives 0.
  Duration Scaled(double factor) const;

 private:
  constexpr explicit Duration(int64_t s) : seconds_(s) {}
  int64_t seconds_ = 0;
};

// The accepted syntax, for hints: "<n><unit>... with units s m h d w, e.g. 30d, 2h, 1d12h".
extern const char kDurationSyntax[];

// The largest duration ParseDuration accepts: 1000 years of 365 days.
inline constexpr Duration kMaxDuration = Duration::Days(365000);

Result<Duration> ParseDuration(std::string_view text);

}  // namespace rekey

#endif  // REKEY_BASE_DURATION_H_
