#include "rekey/base/duration.h"

#include <gtest/gtest.h>

namespace rekey {
namespace {

TEST(Duration, ParsesEveryUnitAndCombination) {
  struct Case {
    const char* text;
    int64_t seconds;
  };
  const Case cases[] = {
      {"30d", 30 * 86400},
      {"2h", 7200},
      {"1d12h", 36 * 3600},
      {"90m", 5400},
      {"1w", 604800},
      {"45s", 45},
      {"0s", 0},
      {"1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 245},
  };
  for (const Case& c : cases) {
    Result<Duration> d = ParseDuration(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.error().message;
    EXPECT_EQ(d->seconds(), c.seconds) << c.text;
  }
}

TEST(Duration, RejectsBadSyntaxWithColumn) {
  struct Case {
    const char* text;
    int column;
    const char* message_part;
  };
  const Case cases[] = {
      {"", 1, "empty"},
      {"30", 3, "without a unit"},
      {"30x", 3, "unknown unit \"x\""},
      {"30days", 3, "unknown unit \"days\""},
      {"h2", 1, "expected a number"},
      {"2h1d", 4, "decreasing order"},
      {"1d1d", 4, "decreasing order"},
      {"30 d", 3, "unknown unit \" \""},
      {"99999999999999999999d", 1, "too large"},
  };
  for (const Case& c : cases) {
    Result<Duration> d = ParseDuration(c.text);
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(d.error().column, c.column) << c.text;
    EXPECT_NE(d.error().message.find(c.message_part), std::string::npos) << d.error().message;
    EXPECT_FALSE(d.error().hint.empty());
  }
}

TEST(Duration, MonthsGetASpecificHint) {
  Result<Duration> d = ParseDuration("1mo");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().hint.find("months and years vary"), std::string::npos);
}

TEST(Duration, PrintsCanonicalForm) {
  EXPECT_EQ(ParseDuration("36h")->ToString(), "1d12h");
  EXPECT_EQ(ParseDuration("14d")->ToString(), "2w");
  EXPECT_EQ(ParseDuration("15d")->ToString(), "15d");
  EXPECT_EQ(ParseDuration("90m")->ToString(), "1h30m");
  EXPECT_EQ(Duration().ToString(), "0s");
}

TEST(Duration, ScalesByRealFactor) {
  EXPECT_EQ(Duration::Days(30).Scaled(1.5), Duration::Days(45));
  EXPECT_LT(Duration::Hours(1), Duration::Hours(2));
}

}  // namespace
}  // namespace rekey
