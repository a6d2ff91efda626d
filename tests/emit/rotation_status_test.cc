// The journal read back (JOURNAL.md's reader rules): key age, last rotation
// result, the old key pending revocation; and the policy thresholds of the alerts.
#include "rekey/emit/rotation_status.h"

#include <gtest/gtest.h>

#include "emit_test_util.h"

namespace rekey {
namespace {

const char kModel[] =
    "api_keys:\n"
    "  - name: pay-key\n"
    "    vault_path: secret/prod/stripe/api-key\n"
    "    rotation_frequency: 30d\n"
    "    criticality: high\n"
    "    last_rotated: 2026-10-01T00:00:00Z\n"
    "rotation_schedules:\n"
    "  - secret: pay-key\n"
    "    schedule: \"0 2 1 * *\"\n"
    "    grace_period: 2h\n";

TEST(RotationStatus, AgeFromLastActivatedElseLastRotated) {
  Model m = LoadModel(kModel);
  EXPECT_EQ(ComputeKeyStatus(m)[0].activated, At("2026-10-01T00:00:00Z"));
  AddAudit(m, R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k2"})");
  EXPECT_EQ(ComputeKeyStatus(m)[0].activated, At("2026-11-01T02:00:00Z"));
}

TEST(RotationStatus, LastResultIsTheLastResultEvent) {
  Model m = LoadModel(kModel);
  EXPECT_FALSE(ComputeKeyStatus(m)[0].last_result);
  AddAudit(m,
           R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"failed","reason":"503"}
{"time":"2026-11-02T02:00:00Z","secret":"pay-key","event":"planned","rotation_id":"rot-pay-key-20261102T020000Z-00000001"}
{"time":"2026-11-02T02:00:05Z","secret":"pay-key","event":"activated","key_id":"k3","previous_key_id":"k2"})");
  KeyStatus s = ComputeKeyStatus(m)[0];
  // planned/activated are not results: the failure stays the last result until done.
  ASSERT_TRUE(s.last_result);
  EXPECT_EQ(*s.last_result, RotationResult::kFailed);
  EXPECT_EQ(s.last_result_time, At("2026-11-01T02:00:00Z"));
  AddAudit(m, R"({"time":"2026-11-02T04:10:00Z","secret":"pay-key","event":"done","key_id":"k3"})");
  EXPECT_EQ(*ComputeKeyStatus(m)[0].last_result, RotationResult::kDone);
  for (const char* event : {"rolled_back", "blocked", "verify_timeout"}) {
    AddAudit(m, std::string(R"({"time":"2026-11-03T00:00:00Z","secret":"pay-key","event":")") + event + "\"}");
    EXPECT_EQ(RotationResultName(*ComputeKeyStatus(m)[0].last_result), event);
  }
}

TEST(RotationStatus, EventsAreOrderedByTimeNotFileOrder) {
  Model m = LoadModel(kModel);
  AddAudit(m, R"({"time":"2026-11-05T00:00:00Z","secret":"pay-key","event":"done"}
{"time":"2026-11-01T00:00:00Z","secret":"pay-key","event":"failed"})");
  EXPECT_EQ(*ComputeKeyStatus(m)[0].last_result, RotationResult::kDone);
}

TEST(RotationStatus, OldKeyPendingUntilRevokedWithNotBefore) {
  Model m = LoadModel(kModel);
  AddAudit(
      m,
      R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"planned","rotation_id":"r1","not_before":"2026-11-01T04:30:00Z"}
{"time":"2026-11-01T02:00:05Z","secret":"pay-key","event":"activated","key_id":"k3","previous_key_id":"k2","rotation_id":"r1"})");
  KeyStatus s = ComputeKeyStatus(m)[0];
  ASSERT_TRUE(s.pending);
  EXPECT_EQ(s.pending->old_key_id, "k2");
  EXPECT_EQ(s.pending->since, At("2026-11-01T02:00:05Z"));
  EXPECT_EQ(s.pending->due, At("2026-11-01T04:30:00Z"));  // the rotation's not_before
  // Revoking another key does not clear it; revoking the old one does.
  AddAudit(m, R"({"time":"2026-11-01T04:31:00Z","secret":"pay-key","event":"revoked","key_id":"k9"})");
  EXPECT_TRUE(ComputeKeyStatus(m)[0].pending);
  AddAudit(m, R"({"time":"2026-11-01T04:32:00Z","secret":"pay-key","event":"revoked","key_id":"k2"})");
  EXPECT_FALSE(ComputeKeyStatus(m)[0].pending);
}

TEST(RotationStatus, PendingDueAtActivationPlusGraceWithoutNotBefore) {
  Model m = LoadModel(kModel);
  // A log written before previous_key_id: the key activated before is the old one.
  AddAudit(m, R"({"time":"2026-10-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k1"}
{"time":"2026-11-01T02:00:00Z","secret":"secret/prod/stripe/api-key","event":"activated","key_id":"k2"})");
  KeyStatus s = ComputeKeyStatus(m)[0];
  ASSERT_TRUE(s.pending);
  EXPECT_EQ(s.pending->old_key_id, "k1");
  EXPECT_EQ(s.pending->due, At("2026-11-01T04:00:00Z"));  // + grace 2h
}

TEST(RotationStatus, FirstActivationAndRollbackLeaveNothingPending) {
  Model m = LoadModel(kModel);
  AddAudit(m, R"({"time":"2026-10-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k1"})");
  EXPECT_FALSE(ComputeKeyStatus(m)[0].pending);
  AddAudit(
      m, R"({"time":"2026-11-01T02:00:00Z","secret":"pay-key","event":"activated","key_id":"k2","previous_key_id":"k1"}
{"time":"2026-11-01T02:10:00Z","secret":"pay-key","event":"rolled_back","key_id":"k2"})");
  EXPECT_FALSE(ComputeKeyStatus(m)[0].pending);
}

TEST(RotationStatus, EventsOfUnknownKeysAreIgnored) {
  Model m = LoadModel(kModel);
  AddAudit(m, R"({"time":"2026-11-01T02:00:00Z","secret":"other-key","event":"failed"})");
  EXPECT_FALSE(ComputeKeyStatus(m)[0].last_result);
}

TEST(RotationStatus, NextRotationFromCronOrRate) {
  Model m = LoadModel(kModel);
  EXPECT_EQ(NextRotation(ComputeKeyStatus(m)[0], At("2026-11-25T00:00:00Z")), At("2026-12-01T02:00:00Z"));
  Model rate = LoadModel(
      "api_keys:\n  - name: k\n    vault: aws-secrets-manager\n    last_rotated: 2026-11-01T00:00:00Z\n"
      "rotation_schedules:\n  - secret: k\n    schedule: \"rate(10 days)\"\n    dialect: aws\n");
  // rate() counts from the last rotation, in the past when overdue.
  EXPECT_EQ(NextRotation(ComputeKeyStatus(rate)[0], At("2026-11-25T00:00:00Z")), At("2026-11-11T00:00:00Z"));
  Model bad = LoadModel("api_keys:\n  - name: k\nrotation_schedules:\n  - secret: k\n    schedule: \"61 * * * *\"\n");
  EXPECT_FALSE(NextRotation(ComputeKeyStatus(bad)[0], At("2026-11-25T00:00:00Z")));
}

TEST(AlertThresholds, FromPolicyPerCriticality) {
  Model m = LoadModel(kModel);
  Policy policy = PolicyFrom(
      "checks:\n"
      "  RK-AGE-001:\n    age_alert_factor: 2\n    alert_for: 1h\n    by_criticality: {high: {alert_for: 5m}}\n"
      "  RK-AGE-003: {alert_for: 20m}\n");
  AlertThresholds t = ThresholdsFor(m.keys[0], policy);
  EXPECT_EQ(t.age_alert_factor, 2);
  EXPECT_EQ(t.age_limit, Duration::Days(60));
  EXPECT_EQ(t.max_age, Duration::Days(60));  // RK-ROT-001 for high keys in the default policy
  EXPECT_EQ(t.age_for, Duration::Minutes(5));
  EXPECT_EQ(t.failed_for, Duration());
  EXPECT_EQ(t.old_key_for, Duration::Minutes(20));
}

}  // namespace
}  // namespace rekey
