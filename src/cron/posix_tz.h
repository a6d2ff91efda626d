// Private to the cron module: the POSIX TZ rule that ends a TZif file
// ("EST5EDT,M3.2.0,M11.1.0"), evaluated for instants after the file's last
// listed transition. Needed because date 3.0.1 built with USE_OS_TZDB ignores
// that rule (and its own ptz.h does not compile under C++20 with GCC 12).
//
// Only the forms tzdata emits are accepted: <quoted> or alphabetic names,
// [+-]hh[:mm[:ss]] offsets, and Mm.w.d[/time] rules (time may be negative or
// past 24h). Parse returns nullopt for anything else, and for rules without
// daylight saving, where the last listed offset already holds forever.
//
// Thread-safety: an immutable value.
#ifndef REKEY_SRC_CRON_POSIX_TZ_H_
#define REKEY_SRC_CRON_POSIX_TZ_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rekey {

class PosixTz {
 public:
  // A span of constant offset, in UTC seconds [begin, end).
  struct Period {
    int64_t begin = 0;
    int64_t end = 0;
    int64_t offset = 0;  // seconds east of UTC
    std::string abbrev;
  };
  // What a local wall time maps to, like date::local_info: kUnique -> first;
  // kGap -> first before and second after the skipped span; kRepeated -> first
  // and second occurrence.
  struct LocalPeriods {
    enum class Kind { kUnique, kGap, kRepeated } kind = Kind::kUnique;
    Period first;
    Period second;
  };

  static std::optional<PosixTz> Parse(std::string_view spec);

  Period At(int64_t utc) const;
  LocalPeriods AtLocal(int64_t local) const;

 private:
  // Mm.w.d/time: week w (5 = last) weekday d (0 = Sunday) of month m, at `time`
  // seconds after local midnight on the clock in effect before the change.
  struct Rule {
    int month = 0;
    int week = 0;
    int weekday = 0;
    int64_t time = 7200;
  };

  int64_t TransitionUtc(const Rule& rule, int year, int64_t offset_before) const;

  std::string std_abbrev_, dst_abbrev_;
  int64_t std_offset_ = 0;  // seconds east of UTC
  int64_t dst_offset_ = 0;
  Rule start_;  // std -> dst
  Rule end_;    // dst -> std
};

}  // namespace rekey

#endif  // REKEY_SRC_CRON_POSIX_TZ_H_
