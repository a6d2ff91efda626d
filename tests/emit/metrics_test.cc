// The exposition text: families whole and in order, labels escaped, values
// from the journal, the clock-dependent families recomputed per Render.
#include "rekey/emit/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "emit_test_util.h"

namespace rekey {
namespace {

const char kModel[] =
    "api_keys:\n"
    "  - name: pay-key\n"
    "    provider: 'Str\"ipe\\x'\n"
    "    environment: production\n"
    "    rotation_frequency: 30d\n"
    "    criticality: high\n"
    "  - name: bare-key\n"
    "rotation_schedules:\n"
    "  - secret: pay-key\n"
    "    schedule: \"0 2 1 * *\"\n"
    "    grace_period: 2h\n";

std::string Render(const Model& m, Timestamp now, std::span<const Violation> violations = {}) {
  return MetricsSnapshot::Build(m, DefaultPolicy(), violations, At("2026-11-25T00:00:00Z"), {"9.9.9"}).Render(now);
}

// Sample lines by name{labels}; fails on a sample whose family is not the
// one announced last, or a family announced twice.
std::map<std::string, std::string> Samples(const std::string& text) {
  std::map<std::string, std::string> out;
  std::set<std::string> families;
  std::string family;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# HELP ")) {
      family = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(families.insert(family).second) << "family twice: " << family;
      continue;
    }
    if (line.starts_with("# TYPE ")) {
      EXPECT_EQ(line, "# TYPE " + family + " gauge");
      continue;
    }
    const size_t space = line.rfind(' ');
    const std::string series = line.substr(0, space);
    EXPECT_EQ(series.substr(0, series.find('{')), family) << line;
    out[series] = line.substr(space + 1);
  }
  return out;
}

const std::string kPay = R"(key="pay-key",provider="Str\"ipe\\x",environment="production",criticality="high")";

TEST(Metrics, FamiliesAreWholeAndLabelsEscaped) {
  Model m = LoadModel(kModel);
  std::map<std::string, std::string> s = Samples(Render(m, At("2026-11-25T00:00:00Z")));
  EXPECT_EQ(s["rekey_build_info{version=\"9.9.9\"}"], "1");
  EXPECT_EQ(s["rekey_inventory_keys"], "2");
  EXPECT_EQ(s["rekey_key_rotation_frequency_seconds{" + kPay + "}"], "2592000");
  EXPECT_EQ(s["rekey_key_age_alert_threshold_seconds{" + kPay + "}"], "3888000");
  EXPECT_EQ(s["rekey_key_max_age_seconds{" + kPay + "}"], "5184000");
  EXPECT_EQ(s["rekey_key_next_rotation_timestamp_seconds{" + kPay + "}"],
            std::to_string(At("2026-12-01T02:00:00Z").unix_seconds()));
  // Unknown values are absent, not zero: the bare key has no frequency, schedule or activation.
  const std::string bare = R"(key="bare-key",provider="",environment="",criticality="")";
  EXPECT_EQ(s.count("rekey_key_rotation_frequency_seconds{" + bare + "}"), 0u);
  EXPECT_EQ(s.count("rekey_key_next_rotation_timestamp_seconds{" + bare + "}"), 0u);
  EXPECT_EQ(s.count("rekey_key_age_seconds{" + kPay + "}"), 0u);
}

TEST(Metrics, JournalValues) {
  Model m = LoadModel(kModel);
  AddAudit(m, R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k1"}
{"time":"2026-11-20T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k2","previous_key_id":"k1"}
{"time":"2026-11-20T05:00:00Z","secret":"pay-key","event":"verify_timeout","key_id":"k2"})");
  std::map<std::string, std::string> s = Samples(Render(m, At("2026-11-25T00:00:00Z")));
  EXPECT_EQ(s["rekey_key_activated_timestamp_seconds{" + kPay + "}"],
            std::to_string(At("2026-11-20T02:00:00Z").unix_seconds()));
  EXPECT_EQ(s["rekey_key_age_seconds{" + kPay + "}"], std::to_string(Duration::Hours(4 * 24 + 22).seconds()));
  EXPECT_EQ(s["rekey_key_last_rotation_result{" + kPay + ",result=\"verify_timeout\"}"], "1");
  EXPECT_EQ(s["rekey_key_last_rotation_result{" + kPay + ",result=\"done\"}"], "0");
  EXPECT_EQ(s["rekey_key_last_rotation_timestamp_seconds{" + kPay + "}"],
            std::to_string(At("2026-11-20T05:00:00Z").unix_seconds()));
  EXPECT_EQ(s["rekey_key_old_key_pending_revocation_since_timestamp_seconds{" + kPay + ",key_id=\"k1\"}"],
            std::to_string(At("2026-11-20T02:00:00Z").unix_seconds()));
  EXPECT_EQ(s["rekey_key_old_key_revocation_due_timestamp_seconds{" + kPay + ",key_id=\"k1\"}"],
            std::to_string(At("2026-11-20T04:00:00Z").unix_seconds()));
}

TEST(Metrics, RenderFollowsTheClock) {
  Model m = LoadModel(kModel);
  AddAudit(m, R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k1"})");
  const MetricsSnapshot snap = MetricsSnapshot::Build(m, DefaultPolicy(), {}, At("2026-11-25T00:00:00Z"), {"1"});
  std::map<std::string, std::string> later = Samples(snap.Render(At("2026-12-02T00:00:00Z")));
  EXPECT_EQ(later["rekey_key_age_seconds{" + kPay + "}"], std::to_string(Duration::Hours(30 * 24 + 22).seconds()));
  // The fire of 2026-12-01 has passed: the next one is January's.
  EXPECT_EQ(later["rekey_key_next_rotation_timestamp_seconds{" + kPay + "}"],
            std::to_string(At("2027-01-01T02:00:00Z").unix_seconds()));
  EXPECT_EQ(later["rekey_metrics_generated_timestamp_seconds"],
            std::to_string(At("2026-12-02T00:00:00Z").unix_seconds()));
  EXPECT_EQ(later["rekey_inputs_loaded_timestamp_seconds"], std::to_string(At("2026-11-25T00:00:00Z").unix_seconds()));
}

TEST(Metrics, ViolationsByCheckAndSeverity) {
  Model m = LoadModel(kModel);
  std::vector<Violation> v = {{"RK-INV-001", Severity::kError, "bare-key", "", "", {}},
                              {"RK-INV-001", Severity::kError, "pay-key", "", "", {}},
                              {"RK-AGE-001", Severity::kWarning, "pay-key", "", "", {}}};
  std::map<std::string, std::string> s = Samples(Render(m, At("2026-11-25T00:00:00Z"), v));
  EXPECT_EQ(s["rekey_policy_violations{check=\"RK-INV-001\",severity=\"error\"}"], "2");
  EXPECT_EQ(s["rekey_policy_violations{check=\"RK-AGE-001\",severity=\"warning\"}"], "1");
  EXPECT_EQ(s["rekey_policy_violations{check=\"RK-AGE-001\",severity=\"error\"}"], "0");  // every check is there
}

}  // namespace
}  // namespace rekey
