#include "rekey/base/timestamp.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(Timestamp, ParsesUtcAndOffsets) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z")->unix_seconds(), 0);
  EXPECT_EQ(ParseRfc3339("2026-11-01T02:00:00Z")->ToRfc3339(), "2026-11-01T02:00:00Z");
  EXPECT_EQ(ParseRfc3339("2026-11-01T04:00:00+02:00")->ToRfc3339(), "2026-11-01T02:00:00Z");
  EXPECT_EQ(ParseRfc3339("2026-11-01T02:00:00.123456Z")->ToRfc3339(), "2026-11-01T02:00:00Z");
  EXPECT_EQ(ParseRfc3339("2024-02-29T23:59:59-00:30")->ToRfc3339(), "2024-03-01T00:29:59Z");
}

TEST(Timestamp, RejectsInvalidWithColumn) {
  struct Case {
    const char* text;
    int column;
  };
  const Case cases[] = {
      {"2026-13-01T00:00:00Z", 6}, {"2025-02-29T00:00:00Z", 9},      {"2026-11-01", 11}, {"2026-11-01T25:00:00Z", 12},
      {"2026-11-01T02:00:00", 20}, {"2026-11-01T02:00:00Zjunk", 21}, {"yesterday", 1}};
  for (const Case& c : cases) {
    Result<Timestamp> t = ParseRfc3339(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.error().column, c.column) << c.text << ": " << t.error().message;
  }
}

TEST(Timestamp, DateOnlyIsMidnightUtc) {
  EXPECT_EQ(ParseDateOrTimestamp("2027-01-31")->ToRfc3339(), "2027-01-31T00:00:00Z");
}

TEST(Timestamp, CivilRoundTripAcrossCenturies) {
  for (int64_t s = -5000000000; s < 7000000000; s += 86400 * 37 + 3601) {
    EXPECT_EQ(UnixSecondsFromCivil(CivilFromUnixSeconds(s)), s);
  }
}

TEST(Timestamp, WeekdayOfKnownDates) {
  EXPECT_EQ(Weekday(0), 4);                            // 1970-01-01 Thursday
  EXPECT_EQ(Weekday(DaysFromCivil(2026, 11, 25)), 3);  // Wednesday
  EXPECT_EQ(Weekday(DaysFromCivil(1969, 12, 28)), 0);  // Sunday, before the epoch
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
}

}  // namespace
}  // namespace rekey
