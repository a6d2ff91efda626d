#include <gtest/gtest.h>

#include <string>

#include "rekey/cron/cron_expr.h"

namespace rekey {
namespace {

constexpr CronDialect kPosix = CronDialect::kPosix;
constexpr CronDialect kAws = CronDialect::kAws;

uint64_t Bits(std::initializer_list<int> values) {
  uint64_t bits = 0;
  for (int v : values) bits |= uint64_t{1} << v;
  return bits;
}

TEST(Cron, ParsesPosixFieldSets) {
  struct Case {
    const char* text;
    uint64_t minutes;
    uint64_t hours;
    uint64_t months;
  };
  const Case cases[] = {
      {"0 2 1 * *", Bits({0}), 1u << 2, 0x1FFE},
      {"*/15 0-23/6 * * *", Bits({0, 15, 30, 45}), Bits({0, 6, 12, 18}), 0x1FFE},
      {"5,10-12 22 * JAN,jul-Aug *", Bits({5, 10, 11, 12}), 1u << 22, Bits({1, 7, 8})},
      {"50/5 4/8 1 */3 *", Bits({50, 55}), Bits({4, 12, 20}), Bits({1, 4, 7, 10})},
      {"  0\t3  29 2 *  ", Bits({0}), 1u << 3, 1u << 2},
  };
  for (const Case& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, kPosix);
    ASSERT_TRUE(e.ok()) << c.text << ": " << e.error().message;
    EXPECT_EQ(e->minutes(), c.minutes) << c.text;
    EXPECT_EQ(e->hours(), c.hours) << c.text;
    EXPECT_EQ(e->months(), c.months) << c.text;
    EXPECT_EQ(e->text(), c.text);
    EXPECT_EQ(e->kind(), CronExpr::Kind::kCron);
  }
}

TEST(Cron, PosixDayRules) {
  struct Case {
    const char* text;
    int year, month, day;
    bool matches;
  };
  const Case cases[] = {
      {"0 0 13 * 5", 2026, 1, 2, true},                                          // a Friday, not the 13th: OR rule
      {"0 0 13 * 5", 2026, 1, 13, true},                                         // the 13th, a Tuesday
      {"0 0 13 * 5", 2026, 1, 14, false},    {"0 0 * * 5", 2026, 1, 13, false},  // dom `*`: only dow matters
      {"0 0 13 * *", 2026, 1, 2, false},                                         // dow `*`: only dom matters
      {"0 0 */2 * 1", 2026, 1, 12, true},  // `*/2` is a restriction: OR (Vixie would AND)
      {"0 0 */2 * 1", 2026, 1, 7, true},     {"0 0 */2 * 1", 2026, 1, 8, false},
      {"0 0 * * 7", 2026, 1, 4, true},  // 7 = Sunday
      {"0 0 * * 0", 2026, 1, 4, true},       {"0 0 * * MON-FRI", 2026, 1, 3, false},
      {"0 0 * * mon-fri", 2026, 1, 2, true}, {"0 0 * * 5-7", 2026, 1, 4, true},  // range through 7 wraps to Sunday
      {"0 0 ? * 1", 2026, 1, 5, true},                                           // `?` accepted as `*`
  };
  for (const Case& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, kPosix);
    ASSERT_TRUE(e.ok()) << c.text << ": " << e.error().message;
    EXPECT_EQ(e->MatchesDay(c.year, c.month, c.day), c.matches)
        << c.text << " on " << c.year << "-" << c.month << "-" << c.day;
  }
}

TEST(Cron, MacrosExpand) {
  struct Case {
    const char* macro;
    const char* same_as;
  };
  const Case cases[] = {{"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
                        {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
                        {"@hourly", "0 * * * *"}, {"@Daily", "0 0 * * *"}};
  for (const Case& c : cases) {
    Result<CronExpr> m = ParseCron(c.macro, kPosix);
    Result<CronExpr> e = ParseCron(c.same_as, kPosix);
    ASSERT_TRUE(m.ok()) << c.macro;
    EXPECT_EQ(m->text(), c.macro);
    EXPECT_EQ(m->Describe(), e->Describe()) << c.macro;
    EXPECT_EQ(m->minutes(), e->minutes());
    EXPECT_EQ(m->hours(), e->hours());
  }
}

struct ErrorCase {
  const char* text;
  CronDialect dialect;
  int column;
  const char* message_part;
};

void ExpectErrors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, c.dialect);
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(e.error().column, c.column) << c.text << ": " << e.error().message;
    EXPECT_NE(e.error().message.find(c.message_part), std::string::npos) << c.text << ": " << e.error().message;
    EXPECT_FALSE(e.error().hint.empty()) << c.text;
  }
}

TEST(Cron, PosixErrorsNameFieldAndColumn) {
  ExpectErrors({
      {"0 2 32 * *", kPosix, 5, "day-of-month value 32 out of range 1-31"},
      {"60 2 1 * *", kPosix, 1, "minute value 60 out of range 0-59"},
      {"0 24 1 * *", kPosix, 3, "hour value 24 out of range 0-23"},
      {"0 2 1 13 *", kPosix, 7, "month value 13 out of range 1-12"},
      {"0 2 1 * 8", kPosix, 9, "day-of-week value 8 out of range 0-7"},
      {"0 2 1 * FOO", kPosix, 9, "day-of-week has an invalid value \"FOO\""},
      {"0 2 1 JAN,FOO *", kPosix, 11, "month has an invalid value"},
      {"0 22-2 * * *", kPosix, 3, "hour range 22-2 is reversed"},
      {"*/90 * * * *", kPosix, 3, "minute step 90 out of range 1-59"},
      {"*/0 * * * *", kPosix, 3, "minute step 0"},
      {"0 1,,2 * * *", kPosix, 5, "hour has an empty list element"},
      {"0 2 1 *", kPosix, 8, "expected 5 fields, got 4"},
      {"0 0 2 1 * *", kPosix, 11, "expected 5 fields, got 6"},
      {"", kPosix, 1, "empty schedule"},
      {"0 2 L * *", kPosix, 5, "day-of-month has an invalid value \"L\""},
      {"0 2 * * 2#1", kPosix, 9, "day-of-week"},
      {"@reboot", kPosix, 1, "@reboot is not a schedule"},
      {"@daliy", kPosix, 1, "unknown macro"},
      {"  @daily 0", kPosix, 10, "a macro takes no fields"},
      {"TZ=UTC 0 2 * * *", kPosix, 1, "time zone prefixes"},
      {"CRON_TZ=Europe/Berlin 0 2 * * *", kPosix, 1, "time zone prefixes"},
      {"cron(0 2 1 * ? *)", kPosix, 1, "AWS schedule expressions"},
  });
}

TEST(Cron, ErrorHintsSayWhatIsAccepted) {
  EXPECT_EQ(ParseCron("TZ=UTC 0 2 * * *", kPosix).error().hint.find("timezone:") != std::string::npos, true);
  EXPECT_NE(ParseCron("@daliy", kPosix).error().hint.find("did you mean @daily?"), std::string::npos);
  EXPECT_NE(ParseCron("0 2 L * *", kPosix).error().hint.find("dialect: aws"), std::string::npos);
  EXPECT_NE(ParseCron("0 2 32 * *", kPosix).error().hint.find("1-31"), std::string::npos);
}

TEST(Cron, ParsesAwsCron) {
  struct Case {
    const char* text;
    int year, month, day;
    bool matches;
  };
  const Case cases[] = {
      {"cron(0 10 ? * 6#3 *)", 2026, 1, 16, true},  // third Friday
      {"cron(0 10 ? * 6#3 *)", 2026, 1, 9, false}, {"cron(0 10 ? * FRI#3 *)", 2026, 2, 20, true},
      {"cron(0 4 L * ? *)", 2026, 2, 28, true},    {"cron(0 4 L * ? *)", 2028, 2, 28, false},  // leap year: the 29th
      {"cron(0 4 15W * ? *)", 2026, 2, 16, true},  // 15th is a Sunday -> Monday
      {"cron(0 4 15W * ? *)", 2026, 8, 14, true},  // 15th is a Saturday -> Friday
      {"cron(0 4 15W * ? *)", 2026, 8, 15, false}, {"cron(0 4 1W * ? *)", 2026, 8, 3, true},  // never leaves the month
      {"cron(0 4 31W * ? *)", 2026, 1, 30, true},  {"cron(0 4 LW * ? *)", 2026, 5, 29, true},
      {"cron(0 4 ? * 6L *)", 2026, 4, 24, true},  // last Friday
      {"cron(0 4 ? * 6L *)", 2026, 4, 17, false},  {"cron(0 0 ? * SUN#1 *)", 2026, 2, 1, true},
      {"cron(0 4 ? * 2-6 *)", 2026, 1, 5, true},  // 1 = Sunday, so 2-6 = MON-FRI
      {"cron(0 4 ? * 2-6 *)", 2026, 1, 4, false},  {"cron(0 4 ? * 1 *)", 2026, 1, 4, true},
      {"cron(0 4 1 * ? *)", 2026, 3, 1, true},     {"cron(0 4 * * ? *)", 2026, 3, 2, true},
  };
  for (const Case& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, kAws);
    ASSERT_TRUE(e.ok()) << c.text << ": " << e.error().message;
    EXPECT_EQ(e->dialect(), kAws);
    EXPECT_EQ(e->minutes(), 1u) << c.text;
    EXPECT_EQ(e->MatchesDay(c.year, c.month, c.day), c.matches)
        << c.text << " on " << c.year << "-" << c.month << "-" << c.day;
  }
  EXPECT_EQ(ParseCron("cron(0 4/12 * * ? *)", kAws)->hours(), (1u << 4) | (1u << 16));
}

TEST(Cron, ParsesAwsRate) {
  struct Case {
    const char* text;
    Duration period;
  };
  const Case cases[] = {{"rate(4 hours)", Duration::Hours(4)},
                        {"rate(1 day)", Duration::Days(1)},
                        {"rate(30 days)", Duration::Days(30)},
                        {" rate( 999 days ) ", Duration::Days(999)},
                        {"rate(12 Hours)", Duration::Hours(12)}};
  for (const Case& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, kAws);
    ASSERT_TRUE(e.ok()) << c.text << ": " << e.error().message;
    EXPECT_EQ(e->kind(), CronExpr::Kind::kRate);
    EXPECT_EQ(e->rate(), c.period) << c.text;
  }
}

TEST(Cron, AwsErrorsNameFieldAndColumn) {
  ExpectErrors({
      {"rate(3 hours)", kAws, 6, "shorter than the AWS minimum of 4 hours"},
      {"rate(1000 days)", kAws, 6, "longer than the AWS maximum of 999 days"},
      {"rate(30 minutes)", kAws, 9, "rate in minutes"},
      {"rate(0 days)", kAws, 6, "not a positive whole number"},
      {"rate(2 weeks)", kAws, 8, "unknown rate unit"},
      {"rate(30)", kAws, 8, "takes a number and a unit"},
      {"cron(5 2 * * ? *)", kAws, 6, "minute must be 0"},
      {"cron(0 2 * * ? 2027)", kAws, 16, "year must be *"},
      {"cron(0 2 * * * *)", kAws, 14, "needs ? in day-of-month or day-of-week"},
      {"cron(0 2 ? * ? *)", kAws, 14, "? may stand in only one"},
      {"cron(0 2 1 * ? *", kAws, 17, "missing closing parenthesis"},
      {"cron(0 2 1 * ?)", kAws, 15, "expected 6 fields in cron(...), got 5"},
      {"cron(0 25 1 * ? *)", kAws, 8, "hour value 25 out of range 0-23"},
      {"cron(0 2 32 * ? *)", kAws, 10, "day-of-month value 32 out of range 1-31"},
      {"cron(0 2 ? * 0 *)", kAws, 14, "day-of-week value 0 out of range 1-7"},
      {"cron(0 2 ? * 2#6 *)", kAws, 16, "occurrence \"6\" after # out of range 1-5"},
      {"cron(0 2 1,L * ? *)", kAws, 10, "L and W stand alone"},
      {"0 2 1 * *", kAws, 1, "expected cron(...) or rate(...)"},
      {"@daily", kAws, 1, "expected cron(...) or rate(...)"},
      {"TZ=UTC cron(0 2 1 * ? *)", kAws, 1, "time zone prefixes"},
  });
  EXPECT_NE(ParseCron("0 2 1 * *", kAws).error().hint.find("dialect: posix"), std::string::npos);
}

TEST(Cron, Describe) {
  struct Case {
    const char* text;
    CronDialect dialect;
    const char* description;
  };
  const Case cases[] = {
      {"0 2 1 * *", kPosix, "monthly at 02:00 on day 1"},
      {"0 2 1,15 * *", kPosix, "monthly at 02:00 on days 1,15"},
      {"0 3 29 2 *", kPosix, "yearly at 03:00 on day 29 in Feb"},
      {"0 2 1 */3 *", kPosix, "monthly at 02:00 on day 1 in Jan,Apr,Jul,Oct"},
      {"30 1 * * *", kPosix, "daily at 01:30"},
      {"@hourly", kPosix, "hourly at minute 0"},
      {"0 4 * * MON", kPosix, "weekly at 04:00 on Mon"},
      {"*/15 * * * *", kPosix, "cron */15 * * * *"},
      {"cron(0 10 ? * 6#3 *)", kAws, "monthly at 10:00 on the third Fri"},
      {"cron(0 4 L * ? *)", kAws, "monthly at 04:00 on the last day"},
      {"cron(0 4 15W * ? *)", kAws, "monthly at 04:00 on the weekday nearest day 15"},
      {"cron(0 4/12 * * ? *)", kAws, "cron(0 4/12 * * ? *)"},
      {"0 0 13 * 5", kPosix, "cron 0 0 13 * 5"},
      {"rate(30 days)", kAws, "every 30 days"},
      {"rate(1 day)", kAws, "every 1 day"},
      {"rate(12 hours)", kAws, "every 12 hours"},
  };
  for (const Case& c : cases) {
    Result<CronExpr> e = ParseCron(c.text, c.dialect);
    ASSERT_TRUE(e.ok()) << c.text;
    EXPECT_EQ(e->Describe(), c.description);
  }
}

}  // namespace
}  // namespace rekey
