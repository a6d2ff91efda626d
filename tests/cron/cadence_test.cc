#include "rekey/cron/cadence.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cron/cron_test_util.h"

namespace rekey {
namespace {

using Dst = Fire::Dst;
constexpr Duration kFourYears = Duration::Days(1461);  // 2026-01-01 .. 2030-01-01
constexpr Duration kNoGap;

struct DstFire {
  const char* at;
  Dst dst;
};

struct CadenceCase {
  const char* expr;
  const char* zone;
  size_t fire_count;
  const char* first_fire;  // nullptr when it never fires
  Duration min_gap;
  Duration max_gap;
  const char* max_gap_start;
  std::vector<DstFire> dst_fires;
};

Duration Hm(int hours, int minutes) { return Duration::Hours(hours) + Duration::Minutes(minutes); }

// Every number below was computed independently (Python zoneinfo, a per-date
// walk) over [2026-01-01T00:00:00Z, +1461 days], both ends included.
TEST(Cron, CadenceOverFourYears) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  const std::vector<CadenceCase> cases = {
      {"0 2 1 * *",
       "UTC",
       48,
       "2026-01-01T02:00:00Z",
       Duration::Days(28),
       Duration::Days(31),
       "2026-01-01T02:00:00Z",
       {}},
      {"0 2 31 * *",
       "UTC",
       28,
       "2026-01-31T02:00:00Z",
       Duration::Days(31),
       Duration::Days(61),
       "2026-03-31T02:00:00Z",
       {}},
      {"0 2 1 */3 *",
       "UTC",
       16,
       "2026-01-01T02:00:00Z",
       Duration::Days(90),
       Duration::Days(92),
       "2026-07-01T02:00:00Z",
       {}},
      {"0 3 29 2 *", "UTC", 1, "2028-02-29T03:00:00Z", kNoGap, kNoGap, nullptr, {}},
      {"0 2 1,15 * *",
       "UTC",
       96,
       "2026-01-01T02:00:00Z",
       Duration::Days(14),
       Duration::Days(17),
       "2026-01-15T02:00:00Z",
       {}},
      {"0 0 30 2 *", "UTC", 0, nullptr, kNoGap, kNoGap, nullptr, {}},
      {"0 0 13 * 5",
       "UTC",
       250,
       "2026-01-02T00:00:00Z",
       Duration::Days(1),
       Duration::Days(7),
       "2026-01-02T00:00:00Z",
       {}},
      {"30 1 * * *",
       "UTC",
       1461,
       "2026-01-01T01:30:00Z",
       Duration::Days(1),
       Duration::Days(1),
       "2026-01-01T01:30:00Z",
       {}},
      {"30 1 * * *",
       "America/New_York",
       1461,
       "2026-01-01T06:30:00Z",
       Hm(23, 0),
       Hm(25, 0),
       "2026-11-01T05:30:00Z",
       {{"2026-11-01T05:30:00Z", Dst::kFirstOfRepeated},
        {"2027-11-07T05:30:00Z", Dst::kFirstOfRepeated},
        {"2028-11-05T05:30:00Z", Dst::kFirstOfRepeated},
        {"2029-11-04T05:30:00Z", Dst::kFirstOfRepeated}}},
      {"30 2 * * *",
       "America/New_York",
       1461,
       "2026-01-01T07:30:00Z",
       Hm(23, 30),
       Hm(25, 0),
       "2026-10-31T06:30:00Z",
       {{"2026-03-08T07:00:00Z", Dst::kShiftedFromGap},
        {"2027-03-14T07:00:00Z", Dst::kShiftedFromGap},
        {"2028-03-12T07:00:00Z", Dst::kShiftedFromGap},
        {"2029-03-11T07:00:00Z", Dst::kShiftedFromGap}}},
      {"0 2 * * *",
       "Australia/Lord_Howe",
       1461,
       "2026-01-01T15:00:00Z",
       Hm(23, 30),
       Hm(24, 30),
       "2026-04-03T15:00:00Z",
       {{"2026-10-03T15:30:00Z", Dst::kShiftedFromGap},
        {"2027-10-02T15:30:00Z", Dst::kShiftedFromGap},
        {"2028-09-30T15:30:00Z", Dst::kShiftedFromGap},
        {"2029-10-06T15:30:00Z", Dst::kShiftedFromGap}}},
      {"45 1 * * *",
       "Australia/Lord_Howe",
       1461,
       "2026-01-01T14:45:00Z",
       Hm(23, 30),
       Hm(24, 30),
       "2026-04-04T14:45:00Z",
       {{"2026-04-04T14:45:00Z", Dst::kFirstOfRepeated},
        {"2027-04-03T14:45:00Z", Dst::kFirstOfRepeated},
        {"2028-04-01T14:45:00Z", Dst::kFirstOfRepeated},
        {"2029-03-31T14:45:00Z", Dst::kFirstOfRepeated}}},
      {"0 0 * * *",
       "America/Santiago",
       1461,
       "2026-01-01T03:00:00Z",
       Hm(23, 0),
       Hm(25, 0),
       "2026-04-04T03:00:00Z",
       {{"2026-09-06T04:00:00Z", Dst::kShiftedFromGap},
        {"2027-09-05T04:00:00Z", Dst::kShiftedFromGap},
        {"2028-09-03T04:00:00Z", Dst::kShiftedFromGap},
        {"2029-09-02T04:00:00Z", Dst::kShiftedFromGap}}},
      {"*/15 2 * * *",
       "America/New_York",
       5832,
       "2026-01-01T07:00:00Z",
       Hm(0, 15),
       Hm(24, 15),
       "2026-10-31T06:45:00Z",
       {{"2026-03-08T07:00:00Z", Dst::kShiftedFromGap},
        {"2027-03-14T07:00:00Z", Dst::kShiftedFromGap},
        {"2028-03-12T07:00:00Z", Dst::kShiftedFromGap},
        {"2029-03-11T07:00:00Z", Dst::kShiftedFromGap}}},
      {"0 * * * *",
       "America/New_York",
       35061,
       "2026-01-01T00:00:00Z",
       Hm(1, 0),
       Hm(2, 0),
       "2026-11-01T05:00:00Z",
       {{"2026-03-08T07:00:00Z", Dst::kShiftedFromGap},
        {"2026-11-01T05:00:00Z", Dst::kFirstOfRepeated},
        {"2027-03-14T07:00:00Z", Dst::kShiftedFromGap},
        {"2027-11-07T05:00:00Z", Dst::kFirstOfRepeated},
        {"2028-03-12T07:00:00Z", Dst::kShiftedFromGap},
        {"2028-11-05T05:00:00Z", Dst::kFirstOfRepeated},
        {"2029-03-11T07:00:00Z", Dst::kShiftedFromGap},
        {"2029-11-04T05:00:00Z", Dst::kFirstOfRepeated}}},
  };
  for (const CadenceCase& c : cases) {
    const std::string label = std::string(c.expr) + " in " + c.zone;
    const Cadence got = AnalyzeCadence(MustParse(c.expr), MustLoad(c.zone), from, kFourYears);
    EXPECT_EQ(got.fires, c.first_fire != nullptr) << label;
    EXPECT_EQ(got.fire_count, c.fire_count) << label;
    if (c.first_fire != nullptr) {
      EXPECT_EQ(got.first_fire.ToRfc3339(), c.first_fire) << label;
    }
    EXPECT_EQ(got.min_gap.ToString(), c.min_gap.ToString()) << label;
    EXPECT_EQ(got.max_gap.ToString(), c.max_gap.ToString()) << label;
    if (c.max_gap_start != nullptr) {
      EXPECT_EQ(got.max_gap_start.ToRfc3339(), c.max_gap_start) << label;
    }
    ASSERT_EQ(got.dst_fires.size(), c.dst_fires.size()) << label;
    for (size_t i = 0; i < c.dst_fires.size(); ++i) {
      EXPECT_EQ(got.dst_fires[i].at.ToRfc3339(), c.dst_fires[i].at) << label;
      EXPECT_EQ(DstName(got.dst_fires[i].dst), DstName(c.dst_fires[i].dst)) << label;
    }
  }
}

TEST(Cron, CadenceOfAwsSchedules) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  const Cadence rate = AnalyzeCadence(MustParse("rate(30 days)", CronDialect::kAws), Zone::Utc(), from, kFourYears);
  EXPECT_EQ(rate.fire_count, 48u);  // 1461 / 30
  EXPECT_EQ(rate.first_fire.ToRfc3339(), "2026-01-31T00:00:00Z");
  EXPECT_EQ(rate.min_gap, Duration::Days(30));
  EXPECT_EQ(rate.max_gap, Duration::Days(30));

  const Cadence last = AnalyzeCadence(MustParse("cron(0 4 L * ? *)", CronDialect::kAws), Zone::Utc(), from, kFourYears);
  EXPECT_EQ(last.fire_count, 48u);
  EXPECT_EQ(last.min_gap, Duration::Days(28));
  EXPECT_EQ(last.max_gap, Duration::Days(31));
}

// The engine walks days, then only the allowed hours and minutes; a daily
// schedule over four years must stay far below the 50 ms budget.
TEST(Cron, CadenceIsFast) {
  const CronExpr daily = MustParse("30 1 * * *");
  const Zone ny = MustLoad("America/New_York");
  const Timestamp from = At("2026-01-01T00:00:00Z");
  AnalyzeCadence(daily, ny, from, kFourYears);  // warm the tz database
  const auto start = std::chrono::steady_clock::now();
  const Cadence c = AnalyzeCadence(daily, ny, from, kFourYears);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(c.fire_count, 1461u);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 50);
  std::printf("AnalyzeCadence(30 1 * * *, America/New_York, 4y): %lld us\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
}

}  // namespace
}  // namespace rekey
