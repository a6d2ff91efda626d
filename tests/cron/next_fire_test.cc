#include "rekey/cron/next_fire.h"

#include <gtest/gtest.h>

#include "cron/cron_test_util.h"

namespace rekey {
namespace {

using Dst = Fire::Dst;
constexpr CronDialect kPosix = CronDialect::kPosix;
constexpr CronDialect kAws = CronDialect::kAws;

// Expected instants were computed independently with Python's zoneinfo.
TEST(Cron, NextFireTable) {
  struct Case {
    const char* expr;
    CronDialect dialect;
    const char* zone;
    const char* after;
    const char* fire;  // nullptr: never fires again
    Dst dst;
  };
  const Case cases[] = {
      {"0 2 1 * *", kPosix, "UTC", "2026-01-01T02:00:00Z", "2026-02-01T02:00:00Z", Dst::kNone},
      {"0 2 1 * *", kPosix, "UTC", "2026-01-01T01:59:59Z", "2026-01-01T02:00:00Z", Dst::kNone},
      {"59 23 31 12 *", kPosix, "UTC", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z", Dst::kNone},
      {"0 3 29 2 *", kPosix, "UTC", "2026-01-01T00:00:00Z", "2028-02-29T03:00:00Z", Dst::kNone},
      // 2100 is not a leap year: an 8-year gap, still inside the search limit.
      {"0 3 29 2 *", kPosix, "UTC", "2096-03-01T00:00:00Z", "2104-02-29T03:00:00Z", Dst::kNone},
      {"0 0 30 2 *", kPosix, "UTC", "2026-01-01T00:00:00Z", nullptr, Dst::kNone},
      {"0 0 13 * 5", kPosix, "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", Dst::kNone},
      {"0 0 */2 * 1", kPosix, "UTC", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", Dst::kNone},
      // New York spring-forward 2026-03-08: 02:30 does not exist -> 03:00 EDT.
      {"30 2 * * *", kPosix, "America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z", Dst::kShiftedFromGap},
      {"30 2 * * *", kPosix, "America/New_York", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z", Dst::kNone},
      {"*/15 2 * * *", kPosix, "America/New_York", "2026-03-08T06:59:00Z", "2026-03-08T07:00:00Z",
       Dst::kShiftedFromGap},
      {"*/15 2 * * *", kPosix, "America/New_York", "2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z", Dst::kNone},
      // New York fall-back 2026-11-01: 01:30 happens twice, fires at the first.
      {"30 1 * * *", kPosix, "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z", Dst::kFirstOfRepeated},
      {"30 1 * * *", kPosix, "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z", Dst::kNone},
      {"30 1 * * *", kPosix, "America/New_York", "2026-11-01T06:00:00Z", "2026-11-02T06:30:00Z", Dst::kNone},
      {"0 * * * *", kPosix, "America/New_York", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", Dst::kNone},
      // Lord Howe: 30-minute shifts. Spring 02:00 -> 02:30 on 2026-10-04.
      {"0 2 * * *", kPosix, "Australia/Lord_Howe", "2026-10-03T00:00:00Z", "2026-10-03T15:30:00Z",
       Dst::kShiftedFromGap},
      {"15 2 * * *", kPosix, "Australia/Lord_Howe", "2026-10-03T00:00:00Z", "2026-10-03T15:30:00Z",
       Dst::kShiftedFromGap},
      {"0 2 * * *", kPosix, "Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-10-04T15:00:00Z", Dst::kNone},
      {"45 1 * * *", kPosix, "Australia/Lord_Howe", "2026-04-04T00:00:00Z", "2026-04-04T14:45:00Z",
       Dst::kFirstOfRepeated},
      {"45 1 * * *", kPosix, "Australia/Lord_Howe", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z", Dst::kNone},
      // Santiago springs forward at midnight: 2026-09-06 has no 00:00.
      {"0 0 * * *", kPosix, "America/Santiago", "2026-09-05T12:00:00Z", "2026-09-06T04:00:00Z", Dst::kShiftedFromGap},
      {"0 0 * * *", kPosix, "America/Santiago", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z", Dst::kNone},
      {"@daily", kPosix, "America/Santiago", "2026-04-04T02:00:00Z", "2026-04-04T03:00:00Z", Dst::kNone},
      {"@daily", kPosix, "America/Santiago", "2026-04-04T03:00:00Z", "2026-04-05T04:00:00Z", Dst::kNone},
      // AWS.
      {"cron(0 10 ? * 6#3 *)", kAws, "UTC", "2026-01-01T00:00:00Z", "2026-01-16T10:00:00Z", Dst::kNone},
      {"cron(0 10 ? * 6#3 *)", kAws, "UTC", "2026-01-16T10:00:00Z", "2026-02-20T10:00:00Z", Dst::kNone},
      {"cron(0 4 L * ? *)", kAws, "UTC", "2026-01-31T04:00:00Z", "2026-02-28T04:00:00Z", Dst::kNone},
      {"cron(0 4 15W * ? *)", kAws, "UTC", "2026-02-01T00:00:00Z", "2026-02-16T04:00:00Z", Dst::kNone},
      {"cron(0 4 15W * ? *)", kAws, "UTC", "2026-08-01T00:00:00Z", "2026-08-14T04:00:00Z", Dst::kNone},
      {"cron(0 4/12 * * ? *)", kAws, "UTC", "2026-01-01T04:00:00Z", "2026-01-01T16:00:00Z", Dst::kNone},
      {"cron(0 4/12 * * ? *)", kAws, "UTC", "2026-01-01T16:00:00Z", "2026-01-02T04:00:00Z", Dst::kNone},
      // A fifth Monday in February: 2044, beyond the 10-year search limit from 2026.
      {"cron(0 0 ? 2 2#5 *)", kAws, "UTC", "2026-01-01T00:00:00Z", nullptr, Dst::kNone},
      {"cron(0 0 ? 2 2#5 *)", kAws, "UTC", "2040-01-01T00:00:00Z", "2044-02-29T00:00:00Z", Dst::kNone},
      {"rate(12 hours)", kAws, "America/New_York", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z", Dst::kNone},
      {"rate(30 days)", kAws, "UTC", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", Dst::kNone},
  };
  for (const Case& c : cases) {
    const CronExpr expr = MustParse(c.expr, c.dialect);
    std::optional<Fire> fire = NextFire(expr, MustLoad(c.zone), At(c.after));
    const std::string label = std::string(c.expr) + " in " + c.zone + " after " + c.after;
    if (c.fire == nullptr) {
      EXPECT_FALSE(fire.has_value()) << label << " fired at " << fire->at.ToRfc3339();
      continue;
    }
    ASSERT_TRUE(fire.has_value()) << label;
    EXPECT_EQ(fire->at.ToRfc3339(), c.fire) << label;
    EXPECT_EQ(DstName(fire->dst), DstName(c.dst)) << label;
  }
}

TEST(Cron, HourlyAcrossTransitionsLosesAndKeepsOneFire) {
  const CronExpr hourly = MustParse("0 * * * *");
  const Zone ny = MustLoad("America/New_York");
  struct Case {
    const char* from;
    const char* until;
    std::vector<Fire> fires;
  };
  const Case cases[] = {
      {"2026-03-08T05:00:00Z",
       "2026-03-08T08:00:00Z",  // 00:00 01:00 (02:00->03:00) 04:00 local
       {{At("2026-03-08T05:00:00Z")},
        {At("2026-03-08T06:00:00Z")},
        {At("2026-03-08T07:00:00Z"), Dst::kShiftedFromGap},
        {At("2026-03-08T08:00:00Z")}}},
      {"2026-11-01T04:00:00Z",
       "2026-11-01T08:00:00Z",  // 00:00 01:00 (once) 02:00 03:00 local
       {{At("2026-11-01T04:00:00Z")},
        {At("2026-11-01T05:00:00Z"), Dst::kFirstOfRepeated},
        {At("2026-11-01T07:00:00Z")},
        {At("2026-11-01T08:00:00Z")}}},
  };
  for (const Case& c : cases) {
    const std::vector<Fire> fires = FiresBetween(hourly, ny, At(c.from), At(c.until));
    ASSERT_EQ(fires.size(), c.fires.size()) << c.from;
    for (size_t i = 0; i < fires.size(); ++i) {
      EXPECT_EQ(fires[i].at.ToRfc3339(), c.fires[i].at.ToRfc3339()) << c.from << " #" << i;
      EXPECT_EQ(DstName(fires[i].dst), DstName(c.fires[i].dst)) << c.from << " #" << i;
    }
  }
}

TEST(Cron, FiresBetweenIncludesBothEnds) {
  const std::vector<Fire> fires =
      FiresBetween(MustParse("0 2 * * *"), Zone::Utc(), At("2026-01-01T02:00:00Z"), At("2026-01-03T02:00:00Z"));
  ASSERT_EQ(fires.size(), 3u);
  EXPECT_EQ(fires.front().at.ToRfc3339(), "2026-01-01T02:00:00Z");
  EXPECT_EQ(fires.back().at.ToRfc3339(), "2026-01-03T02:00:00Z");
}

TEST(Cron, RateCountsFromTheAnchor) {
  const std::vector<Fire> fires = FiresBetween(MustParse("rate(4 hours)", kAws), Zone::Utc(),
                                               At("2026-01-01T01:00:00Z"), At("2026-01-01T13:00:00Z"));
  ASSERT_EQ(fires.size(), 3u);
  EXPECT_EQ(fires[0].at.ToRfc3339(), "2026-01-01T05:00:00Z");
  EXPECT_EQ(fires[2].at.ToRfc3339(), "2026-01-01T13:00:00Z");
}

}  // namespace
}  // namespace rekey
