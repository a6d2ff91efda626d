// The POSIX TZ rule that continues a zone past its last listed transition
// (2037 in Debian's TZif files): it must agree with the listed data wherever
// both exist, and give the right fires after 2037.
#include "cron/posix_tz.h"

#include <gtest/gtest.h>

#include <string>

#include "cron/cron_test_util.h"
#include "rekey/cron/next_fire.h"

namespace rekey {
namespace {

using Dst = Fire::Dst;

// Seconds east of UTC and the abbreviation, read back from FormatLocal
// ("2026-03-07T21:00:00-05:00 EST"), which below 2037 comes from date's data.
std::pair<int64_t, std::string> ListedOffset(const Zone& zone, int64_t utc) {
  const std::string s = zone.FormatLocal(Timestamp::FromUnixSeconds(utc));
  const int64_t hours = std::stoll(s.substr(20, 2));
  const int64_t minutes = std::stoll(s.substr(23, 2));
  const int64_t offset = (hours * 3600 + minutes * 60) * (s[19] == '-' ? -1 : 1);
  return {offset, s.substr(26)};
}

TEST(Cron, PosixTzAgreesWithListedTransitions) {
  struct Case {
    const char* zone;
    const char* footer;  // the last line of /usr/share/zoneinfo/<zone>, tzdata 2025b
  };
  const Case cases[] = {
      {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
      {"Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"},
      {"America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24"},
      {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
      {"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1"},  // negative DST: winter is "DST"
      {"America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"},
  };
  constexpr int64_t kStep = 11 * 3600 + 17 * 60;  // lands on every hour of day over time
  const int64_t from = At("2027-01-01T00:00:00Z").unix_seconds();
  const int64_t until = At("2037-06-01T00:00:00Z").unix_seconds();
  for (const Case& c : cases) {
    const std::optional<PosixTz> tz = PosixTz::Parse(c.footer);
    ASSERT_TRUE(tz.has_value()) << c.footer;
    const Zone zone = MustLoad(c.zone);
    int transitions = 0;
    for (int64_t t = from; t < until; t += kStep) {
      const PosixTz::Period p = tz->At(t);
      ASSERT_EQ(std::make_pair(p.offset, p.abbrev), ListedOffset(zone, t)) << c.zone << " at " << t;
      // Both sides of the period's start, to the second.
      if (p.begin > from && p.begin > t - kStep) {
        ++transitions;
        EXPECT_EQ(tz->At(p.begin - 1).offset, ListedOffset(zone, p.begin - 1).first) << c.zone;
        EXPECT_EQ(p.offset, ListedOffset(zone, p.begin).first) << c.zone;
      }
    }
    EXPECT_EQ(transitions, 21) << c.zone;  // two a year over 10.4 years
  }
}

TEST(Cron, PosixTzClassifiesLocalTimes) {
  const std::optional<PosixTz> ny = PosixTz::Parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny.has_value());
  using Kind = PosixTz::LocalPeriods::Kind;
  const int64_t gap = At("2045-03-12T02:30:00Z").unix_seconds();  // read as local wall time
  EXPECT_EQ(ny->AtLocal(gap).kind, Kind::kGap);
  EXPECT_EQ(ny->AtLocal(gap).second.begin, At("2045-03-12T07:00:00Z").unix_seconds());
  const int64_t repeated = At("2045-11-05T01:30:00Z").unix_seconds();
  EXPECT_EQ(ny->AtLocal(repeated).kind, Kind::kRepeated);
  EXPECT_EQ(ny->AtLocal(repeated).first.offset, -4 * 3600);
  EXPECT_EQ(ny->AtLocal(At("2045-07-01T12:00:00Z").unix_seconds()).kind, Kind::kUnique);
}

TEST(Cron, PosixTzRejectsWhatItCannotUse) {
  for (const char* spec : {"IST-5:30", "EST5EDT", "EST5EDT,J60,J300", "EST5EDT,M3.2.0", "<+01", "E5",
                           "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x", ""}) {
    EXPECT_FALSE(PosixTz::Parse(spec).has_value()) << spec;
  }
}

// After 2037 the TZif data ends; the rule must keep DST going. Expected
// values from Python's zoneinfo, which also applies the footer rule.
TEST(Cron, NextFireAfter2037FollowsTheRule) {
  struct Case {
    const char* expr;
    const char* zone;
    const char* after;
    const char* fire;
    Dst dst;
  };
  const Case cases[] = {
      {"0 12 * * *", "America/New_York", "2045-07-01T00:00:00Z", "2045-07-01T16:00:00Z", Dst::kNone},
      {"30 2 * * *", "America/New_York", "2045-03-11T07:30:00Z", "2045-03-12T07:00:00Z", Dst::kShiftedFromGap},
      {"30 1 * * *", "America/New_York", "2045-11-04T12:00:00Z", "2045-11-05T05:30:00Z", Dst::kFirstOfRepeated},
      {"30 1 * * *", "America/New_York", "2045-11-05T05:30:00Z", "2045-11-06T06:30:00Z", Dst::kNone},
      {"0 0 * * *", "America/Santiago", "2045-09-02T04:00:00Z", "2045-09-03T04:00:00Z", Dst::kShiftedFromGap},
      {"45 1 * * *", "Australia/Lord_Howe", "2045-03-31T14:45:00Z", "2045-04-01T14:45:00Z", Dst::kFirstOfRepeated},
      {"0 2 * * *", "Australia/Lord_Howe", "2045-09-30T00:00:00Z", "2045-09-30T15:30:00Z", Dst::kShiftedFromGap},
      {"30 1 * * *", "Europe/Dublin", "2045-10-28T12:00:00Z", "2045-10-29T00:30:00Z", Dst::kFirstOfRepeated},
      {"30 1 * * *", "Europe/Dublin", "2045-03-25T12:00:00Z", "2045-03-26T01:00:00Z", Dst::kShiftedFromGap},
      {"30 23 * * *", "America/Nuuk", "2045-03-25T01:30:00Z", "2045-03-26T01:00:00Z", Dst::kShiftedFromGap},
  };
  for (const Case& c : cases) {
    const std::string label = std::string(c.expr) + " in " + c.zone + " after " + c.after;
    std::optional<Fire> fire = NextFire(MustParse(c.expr), MustLoad(c.zone), At(c.after));
    ASSERT_TRUE(fire.has_value()) << label;
    EXPECT_EQ(fire->at.ToRfc3339(), c.fire) << label;
    EXPECT_EQ(DstName(fire->dst), DstName(c.dst)) << label;
  }
  EXPECT_EQ(MustLoad("America/New_York").FormatLocal(At("2045-07-01T12:00:00Z")), "2045-07-01T08:00:00-04:00 EDT");
}

}  // namespace
}  // namespace rekey
