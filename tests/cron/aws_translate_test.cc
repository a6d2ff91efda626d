// ToAwsCron: the AWS form fires at exactly the POSIX expression's UTC
// instants (checked over two years), or the translation is refused.
#include <gtest/gtest.h>

#include "cron_test_util.h"

namespace rekey {
namespace {

struct Case {
  const char* posix;
  const char* aws;  // nullptr: AWS cannot express it
};

const Case kCases[] = {
    {"0 2 1 * *", "cron(0 2 1 * ? *)"},
    {"0 2 1 */3 *", "cron(0 2 1 1,4,7,10 ? *)"},
    {"0 3 * * 0", "cron(0 3 ? * 1 *)"},
    {"0 3 * * 7", "cron(0 3 ? * 1 *)"},
    {"0 6 * * MON-FRI", "cron(0 6 ? * 2-6 *)"},
    {"0 0 1,15 * *", "cron(0 0 1,15 * ? *)"},
    {"0 4,16 * * *", "cron(0 4,16 * * ? *)"},
    {"0 1-5 * 2 *", "cron(0 1-5 * 2 ? *)"},
    {"@monthly", "cron(0 0 1 * ? *)"},
    {"@weekly", "cron(0 0 ? * 1 *)"},
    {"@yearly", "cron(0 0 1 1 ? *)"},
    {"0 0 29 2 *", "cron(0 0 29 2 ? *)"},
    {"30 2 * * *", nullptr},  // minute 30
    {"0 2 1 * 1", nullptr},   // both day fields: POSIX ORs them
};

TEST(ToAwsCron, SameFiresOrRefused) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  const Timestamp until = At("2028-01-01T00:00:00Z");
  for (const Case& c : kCases) {
    Result<std::string> aws = ToAwsCron(MustParse(c.posix));
    if (c.aws == nullptr) {
      EXPECT_FALSE(aws) << c.posix;
      continue;
    }
    ASSERT_TRUE(aws) << c.posix << ": " << aws.error().message;
    EXPECT_EQ(*aws, c.aws) << c.posix;
    const CronExpr translated = MustParse(aws->c_str(), CronDialect::kAws);
    EXPECT_EQ(FiresBetween(MustParse(c.posix), Zone::Utc(), from, until),
              FiresBetween(translated, Zone::Utc(), from, until))
        << c.posix << " vs " << *aws;
  }
}

TEST(ToAwsCron, OnlyPosixCron) {
  EXPECT_FALSE(ToAwsCron(MustParse("rate(30 days)", CronDialect::kAws)));
  EXPECT_FALSE(ToAwsCron(MustParse("cron(0 2 1 * ? *)", CronDialect::kAws)));
}

}  // namespace
}  // namespace rekey
