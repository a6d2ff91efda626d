#include "rekey/scan/baseline.h"

#include <gtest/gtest.h>

#include "rekey/scan/finding.h"
#include "rekey/scan/redact.h"

namespace rekey {
namespace {

Finding MakeFinding(const std::string& path, int line, const std::string& secret) {
  Finding finding;
  finding.rule_id = "test.token";
  finding.path = path;
  finding.line = line;
  finding.fingerprint = SecretFingerprint(finding.rule_id, secret);
  return finding;
}

TEST(Baseline, RoundTripsWithoutTheSecret) {
  const std::string secret = std::string("rktest") + "_never-stored-anywhere";
  const Baseline baseline = Baseline::FromFindings({MakeFinding("b.txt", 2, secret), MakeFinding("a.txt", 9, secret)});
  const std::string json = baseline.ToJson();
  EXPECT_EQ(json.find(secret), std::string::npos);
  EXPECT_EQ(json.find("never-stored"), std::string::npos);
  Result<Baseline> parsed = Baseline::Parse(json, "b.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->entries().size(), 2u);
  EXPECT_EQ(parsed->entries()[0].path, "a.txt");  // sorted by path
  EXPECT_EQ(parsed->entries(), baseline.entries());
}

TEST(Baseline, SuppressesByFingerprintAndReportsUnused) {
  Baseline baseline = Baseline::FromFindings({MakeFinding("a.txt", 1, "one"), MakeFinding("b.txt", 1, "two")});
  EXPECT_TRUE(baseline.Suppresses(SecretFingerprint("test.token", "one")));
  EXPECT_FALSE(baseline.Suppresses(SecretFingerprint("test.token", "three")));
  const std::vector<BaselineEntry> unused = baseline.Unused();
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_EQ(unused[0].path, "b.txt");
}

TEST(Baseline, RejectsMalformedFiles) {
  EXPECT_FALSE(Baseline::Parse("not json", "x").ok());
  EXPECT_FALSE(Baseline::Parse("[]", "x").ok());
  EXPECT_FALSE(Baseline::Parse(R"({"version":2,"entries":[]})", "x").ok());
  EXPECT_FALSE(Baseline::Parse(R"({"version":1})", "x").ok());
  EXPECT_FALSE(Baseline::Parse(R"({"version":1,"entries":[{"fingerprint":"abc"}]})", "x").ok());
  const Result<Baseline> bad = Baseline::Parse("{", "base.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("base.json"), std::string::npos);
  EXPECT_TRUE(Baseline::Parse(R"({"version":1,"entries":[]})", "x").ok());
  EXPECT_FALSE(Baseline::Load("/nonexistent/baseline.json").ok());
}

}  // namespace
}  // namespace rekey
