// Shared helpers for the cron tests.
#ifndef REKEY_TESTS_CRON_CRON_TEST_UTIL_H_
#define REKEY_TESTS_CRON_CRON_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "rekey/base/timestamp.h"
#include "rekey/cron/cron.h"  // also checks the umbrella header compiles

namespace rekey {

inline Timestamp At(const char* rfc3339) {
  Result<Timestamp> t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? *t : Timestamp();
}

inline CronExpr MustParse(const char* text, CronDialect dialect = CronDialect::kPosix) {
  Result<CronExpr> e = ParseCron(text, dialect);
  EXPECT_TRUE(e.ok()) << text << ": " << (e.ok() ? "" : e.error().message);
  return e.ok() ? *e : *ParseCron("0 0 * * *", CronDialect::kPosix);
}

inline Zone MustLoad(const char* name) {
  Result<Zone> z = Zone::Load(name);
  EXPECT_TRUE(z.ok()) << name << ": " << (z.ok() ? "" : z.error().message);
  return z.ok() ? *z : Zone::Utc();
}

}  // namespace rekey

#endif  // REKEY_TESTS_CRON_CRON_TEST_UTIL_H_
