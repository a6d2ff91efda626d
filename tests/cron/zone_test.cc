#include "rekey/cron/zone.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "cron/cron_test_util.h"

namespace rekey {
namespace {

TEST(Cron, ZoneLoadsIanaNames) {
  EXPECT_TRUE(Zone::Utc().is_utc());
  EXPECT_EQ(Zone::Utc().name(), "UTC");
  EXPECT_TRUE(MustLoad("UTC").is_utc());
  EXPECT_TRUE(MustLoad("Etc/UTC").is_utc());
  const Zone ny = MustLoad("America/New_York");
  EXPECT_FALSE(ny.is_utc());
  EXPECT_EQ(ny.name(), "America/New_York");
}

TEST(Cron, ZoneRejectsUnknownNamesWithSuggestion) {
  struct Case {
    const char* name;
    const char* suggestion;  // nullptr: no did-you-mean expected
  };
  const Case cases[] = {
      {"America/New_Yrok", "did you mean America/New_York?"},
      {"europe/berlin", "did you mean Europe/Berlin?"},
      {"New York", "did you mean America/New_York?"},
      {"utc", "did you mean UTC?"},
      {"Mars/Olympus_Mons", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    Result<Zone> z = Zone::Load(c.name);
    ASSERT_FALSE(z.ok()) << c.name;
    EXPECT_FALSE(z.error().hint.empty()) << c.name;
    if (c.suggestion != nullptr) {
      EXPECT_NE(z.error().hint.find(c.suggestion), std::string::npos) << c.name << ": " << z.error().hint;
    }
  }
  EXPECT_NE(Zone::Load("Mars/Olympus_Mons").error().message.find("unknown time zone"), std::string::npos);
}

TEST(Cron, ZoneFormatsLocalTime) {
  struct Case {
    const char* zone;
    const char* utc;
    const char* local;
  };
  const Case cases[] = {
      {"America/New_York", "2026-03-08T02:00:00Z", "2026-03-07T21:00:00-05:00 EST"},
      {"America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T03:00:00-04:00 EDT"},
      {"Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-10-04T02:30:00+11:00 +11"},
      {"Australia/Lord_Howe", "2026-04-05T15:15:00Z", "2026-04-06T01:45:00+10:30 +1030"},
      {"Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-01-01T05:30:00+05:30 IST"},
      {"UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00 UTC"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MustLoad(c.zone).FormatLocal(At(c.utc)), c.local) << c.zone;
  }
}

TEST(Cron, ZoneOffsetFollowsDaylightSaving) {
  const Zone ny = MustLoad("America/New_York");
  EXPECT_EQ(ny.OffsetAt(At("2026-03-08T06:59:59Z")), -5 * 3600);  // 01:59:59 EST
  EXPECT_EQ(ny.OffsetAt(At("2026-03-08T07:00:00Z")), -4 * 3600);  // 03:00:00 EDT
  EXPECT_EQ(MustLoad("Asia/Kolkata").OffsetAt(At("2026-01-01T00:00:00Z")), 5 * 3600 + 1800);
  EXPECT_EQ(Zone::Utc().OffsetAt(At("2026-01-01T00:00:00Z")), 0);
}

TEST(Cron, TzdataVersionComesFromSystem) {
  const std::string version = TzdataVersion();
  ASSERT_GE(version.size(), 5u) << version;  // "2025b"
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(version[0]))) << version;
  EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(version.back()))) << version;
}

}  // namespace
}  // namespace rekey
