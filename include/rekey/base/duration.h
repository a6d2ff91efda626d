// Duration: a span of real elapsed time in whole seconds, parsed from rekey's
// duration syntax: one or more <integer><unit> pairs with units s, m, h, d, w in
// decreasing order, e.g. "30d", "2h", "1d12h", "90m", "1w". No months or years:
// their length varies, so "1mo" is rejected with a hint.
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
  friend constexpr Duration operator+(Duration a, Duration b) { return Duration(a.seconds_ + b.seconds_); }
  friend constexpr Duration operator-(Duration a, Duration b) { return Duration(a.seconds_ - b.seconds_); }
  friend constexpr Duration operator*(Duration a, int64_t k) { return Duration(a.seconds_ * k); }
  // Scales by a real factor, rounding toward zero (thresholds like 1.5 x frequency).
  Duration Scaled(double factor) const;

 private:
  constexpr explicit Duration(int64_t s) : seconds_(s) {}
  int64_t seconds_ = 0;
};

// The accepted syntax, for hints: "<n><unit>... with units s m h d w, e.g. 30d, 2h, 1d12h".
extern const char kDurationSyntax[];

Result<Duration> ParseDuration(std::string_view text);

}  // namespace rekey

#endif  // REKEY_BASE_DURATION_H_
