// Every check: a positive case (a mutation of a clean model that triggers it)
// and a negative case (a near miss that must not), table-driven.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "rekey/model/loader.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

namespace rekey {
namespace {

const char kClean[] = R"(api_keys:
  - name: a
    provider: Stripe
    environment: production
    used_by: [payment-service]
    vault_path: secret/prod/a
    rotation_frequency: 20d
    supports_dual_key: true
    provider_api: https://api.stripe.com/v1/api_keys
    criticality: high
    last_rotated: 2026-11-20T02:00:00Z
services:
  - name: payment-service
    reads_via: vault-agent
    refresh: 5m
    environment: production
rotation_schedules:
  - secret: a
    provider: stripe
    schedule: "0 2 1,15 * *"
    grace_period: 2h
    alert_on_failure: true
    rollback_on_failure: true
    verify: {method: metrics, timeout: 30m}
)";

const Timestamp kNow = Timestamp::FromUnixSeconds(1795564800);  // 2026-11-25T00:00:00Z

struct Edit {
  std::string from, to;
};

struct Case {
  const char* id;
  std::vector<Edit> positive;                     // edits of kClean that must trigger `id`
  std::vector<Edit> negative;                     // a near miss that must not
  std::string audit = "";                         // JSON Lines audit log for both variants
  std::vector<ProviderFacts> providers = {};      // the provider catalog's facts, both variants
  std::vector<Exposure> positive_exposures = {};  // keys found hardcoded (rekey check --scan)
  std::vector<Exposure> negative_exposures = {};
};

ProviderFacts StripeFacts(std::optional<int> max_active_keys, std::optional<KeyCreationRate> creation = {}) {
  ProviderFacts f;
  f.name = "Stripe";
  f.names = {"stripe"};
  f.dual_key = max_active_keys != 1;
  f.max_active_keys = max_active_keys;
  f.key_creation_limit = creation;
  f.references = {"https://docs.stripe.test/keys"};
  return f;
}

Exposure Leak(std::string key, std::string provider) {
  Exposure e;
  e.key = std::move(key);
  e.provider = std::move(provider);
  e.rule_id = "stripe.secret-key";
  e.severity = "critical";
  e.where = {"svc/prod.env", 3, 12};
  e.secret_redacted = "sk_l\u2026(32 chars)";
  e.reason = "provider Stripe, its only key in the inventory";
  return e;
}

const std::string kSecondStripeKey =
    "  - name: b\n    provider: Stripe\n    used_by: [payment-service]\n"
    "    vault_path: secret/prod/b\n    rotation_frequency: 20d\n"
    "    last_rotated: 2026-11-20T02:00:00Z\nservices:";

std::string Apply(const std::vector<Edit>& edits) {
  std::string text = kClean;
  for (const Edit& e : edits) {
    const size_t at = text.find(e.from);
    EXPECT_NE(at, std::string::npos) << "edit anchor not found: " << e.from;
    if (at != std::string::npos) text.replace(at, e.from.size(), e.to);
  }
  return text;
}

std::multiset<std::string> Ids(const std::string& text, const std::string& audit,
                               const std::vector<ProviderFacts>& providers = {},
                               const std::vector<Exposure>& exposures = {}) {
  Model model;
  Diagnostics diags;
  LoadModelText(text, "inv.yaml", model, diags);
  if (!audit.empty()) {
    const auto path = std::filesystem::temp_directory_path() / "rekey_checks_audit.jsonl";
    std::ofstream(path) << audit;
    LoadAuditLog(path.string(), model, diags);
  }
  EXPECT_FALSE(diags.HasErrors()) << FormatDiagnostic(diags.items()[0]) << "\n" << text;
  ResolveSchedules(model);
  std::multiset<std::string> ids;
  EvaluateOptions options;
  options.providers = providers;
  options.exposures = exposures;
  for (const Violation& v : Evaluate(model, DefaultPolicy(), kNow, options)) ids.insert(v.id);
  return ids;
}

const std::string kSchedule = "    schedule: \"0 2 1,15 * *\"";
const std::string kGrace = "    grace_period: 2h\n";
const std::string kKeyEnd = "    last_rotated: 2026-11-20T02:00:00Z\n";
const std::string kVerify = "    verify: {method: metrics, timeout: 30m}\n";

const Case kCases[] = {
    {"RK-INV-001", {{"    criticality: high\n", ""}}, {{"criticality: high", "criticality: low"}}},
    {"RK-INV-002",
     {{"services:", "  - name: b\n    vault_path: secret/prod/a\nservices:"}},
     {{"services:", "  - name: b\n    vault_path: secret/prod/b\nservices:"}}},
    {"RK-INV-003", {{"secret: a", "secret: prod/b"}}, {{"secret: a", "secret: prod/a"}}},
    {"RK-INV-004", {{"used_by: [payment-service]", "used_by: []"}}, {}},
    {"RK-INV-005",
     {{"    environment: production\nrotation", "    environment: staging\nrotation"}},
     {{"    environment: production\nrotation", "    environment: prod\nrotation"}}},
    {"RK-INV-006",
     {{"vault_path: secret/prod/a", "vault_path: secret/prod/q8Zr2Lx9Vt4Kp7Wm3Nc6Hb1J"}},
     {{"vault_path: secret/prod/a", "vault_path: secret/prod/payment-service-stripe-key"}}},
    {"RK-INV-007", {}, {}, "", {}, {Leak("a", "Stripe")}, {Leak("", "Stripe")}},
    {"RK-INV-008", {}, {}, "", {}, {Leak("", "Twilio")}, {Leak("a", "Stripe")}},
    {"RK-ROT-001",
     {{"criticality: high", "criticality: critical"},
      {kSchedule, "    schedule: \"0 2 1 * *\""},
      {"rotation_frequency: 20d", "rotation_frequency: 30d"}},
     {{"criticality: high", "criticality: critical"}}},
    {"RK-ROT-002",
     {{kSchedule, "    schedule: \"0 */6 * * *\""},
      {"rotation_frequency: 20d", "rotation_frequency: 6h"},
      {kGrace, "    grace_period: 30m\n"},
      {kVerify, ""}},
     {{kSchedule, "    schedule: \"0 2 * * *\""},
      {"rotation_frequency: 20d", "rotation_frequency: 1d"},
      {kGrace, "    grace_period: 30m\n"},
      {kVerify, ""}}},
    {"RK-ROT-003",
     {{kSchedule, "    schedule: \"0 2 1 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 30d"}},
     {{kSchedule, "    schedule: \"0 2 1 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 31d"}}},
    {"RK-ROT-004",
     {{kSchedule, "    schedule: \"0 2 1,2 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 30d"}},
     {{kSchedule, "    schedule: \"0 2 1 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 31d"}}},
    {"RK-SCH-001", {{kSchedule, "    schedule: \"0 2 32 * *\""}}, {}},
    {"RK-SCH-002",
     {{kSchedule, "    schedule: \"0 2 1,15 * 1\""}},
     {{kSchedule, "    schedule: \"0 2 1,15 * 1\"\n    day_match: any"}}},
    {"RK-SCH-003", {{kSchedule, "    schedule: \"0 0 30 2 *\""}}, {}},
    {"RK-SCH-004",
     {{kGrace, kGrace + "    timezone: Eastern Time\n"}},
     {{kGrace, kGrace + "    timezone: America/New_York\n"}}},
    {"RK-SCH-005",
     {{kGrace, kGrace + "    timezone: America/New_York\n"},
      {kSchedule, "    schedule: \"30 2 * * 0\""},
      {"rotation_frequency: 20d", "rotation_frequency: 7d"}},
     {{kGrace, kGrace + "    timezone: America/New_York\n"}}},
    {"RK-SCH-006",
     {{kGrace, kGrace + "    windows: [{days: Sat-Sun, start: \"01:00\", end: \"05:00\"}]\n"}},
     {{kGrace, kGrace + "    windows: [{days: Mon-Sun, start: \"01:00\", end: \"05:00\"}]\n"}}},
    {"RK-SCH-007",
     {{"services:",
       "  - name: b\n    provider: Stripe\n    used_by: [payment-service]\n"
       "    vault_path: secret/prod/b\n    rotation_frequency: 20d\n"
       "    last_rotated: 2026-11-20T02:00:00Z\nservices:"},
      {"rotation_schedules:",
       "rotation_schedules:\n  - secret: b\n    schedule: \"30 2 1,15 * *\"\n"
       "    grace_period: 1h\n    rotate_immediately: false"}},
     {{"services:",
       "  - name: b\n    provider: Stripe\n    used_by: [payment-service]\n"
       "    vault_path: secret/prod/b\n    rotation_frequency: 20d\n"
       "    last_rotated: 2026-11-20T02:00:00Z\nservices:"},
      {"rotation_schedules:",
       "rotation_schedules:\n  - secret: b\n    schedule: \"0 6 1,15 * *\"\n"
       "    grace_period: 1h\n    rotate_immediately: false"}}},
    {"RK-SCH-008",
     {{"https://api.stripe.com/v1/api_keys", "https://secretsmanager.us-east-1.amazonaws.com/"},
      {kSchedule, "    schedule: \"30 2 1,15 * *\""}},
     {{"https://api.stripe.com/v1/api_keys", "https://secretsmanager.us-east-1.amazonaws.com/"},
      {kSchedule, "    schedule: \"cron(0 2 1,15 * ? *)\"\n    dialect: aws"}}},
    {"RK-SCH-009",
     {{"services:", kSecondStripeKey},
      {"rotation_schedules:",
       "rotation_schedules:\n  - secret: b\n    schedule: \"30 2 1,15 * *\"\n"
       "    grace_period: 1h\n    rotate_immediately: false"}},
     {{"services:", kSecondStripeKey},
      {"rotation_schedules:",
       "rotation_schedules:\n  - secret: b\n    schedule: \"0 6 1,15 * *\"\n"
       "    grace_period: 1h\n    rotate_immediately: false"}},
     "",
     {StripeFacts(std::nullopt, KeyCreationRate{1, Duration::Hours(1)})}},
    {"RK-GRC-001",
     {{"reads_via: vault-agent\n    refresh: 5m", "reads_via: sdk-cache"}, {kGrace, "    grace_period: 1h\n"}},
     {{"reads_via: vault-agent\n    refresh: 5m", "reads_via: sdk-cache\n    refresh: 30m"},
      {kGrace, "    grace_period: 1h\n"}}},
    {"RK-GRC-002",
     {{"reads_via: vault-agent", "reads_via: env"}},
     {{"reads_via: vault-agent", "reads_via: env\n    restart: automatic"}}},
    {"RK-GRC-003",
     {{kSchedule, "    schedule: \"0 2 * * *\""},
      {"rotation_frequency: 20d", "rotation_frequency: 1d"},
      {kGrace, "    grace_period: 12h\n"},
      {kVerify, ""}},
     {{kSchedule, "    schedule: \"0 2 * * *\""},
      {"rotation_frequency: 20d", "rotation_frequency: 1d"},
      {kGrace, "    grace_period: 11h\n"},
      {kVerify, ""}}},
    {"RK-GRC-004", {{kGrace, "    grace_period: 10m\n"}}, {{kGrace, "    grace_period: 15m\n"}}},
    {"RK-DK-001",
     {{"supports_dual_key: true", "supports_dual_key: false"}},
     {{"supports_dual_key: true", "supports_dual_key: false"}, {"criticality: high", "criticality: medium"}}},
    {"RK-DK-002",
     {{kVerify, ""}},
     {{"supports_dual_key: true", "supports_dual_key: false\n    downtime_accepted: true"},
      {kVerify, "    windows: [{days: Mon-Sun, start: \"01:00\", end: \"05:00\"}]\n"}}},
    {"RK-DK-003",
     {{kKeyEnd, kKeyEnd + "    vault_max_versions: 1\n"}},
     {{kKeyEnd, kKeyEnd + "    vault_max_versions: 2\n"}}},
    {"RK-DK-004",
     {{kKeyEnd, kKeyEnd + "    reports_last_use: false\n"}, {kVerify, "    verify: {method: provider-last-used}\n"}},
     {{kKeyEnd, kKeyEnd + "    reports_last_use: false\n"}}},
    {"RK-DK-005",
     {},
     {{"supports_dual_key: true", "supports_dual_key: false\n    downtime_accepted: true"}},
     "",
     {StripeFacts(1)}},
    {"RK-OPS-001",
     {{"alert_on_failure: true", "alert_on_failure: false"}},
     {{"alert_on_failure: true", "alert_on_failure: false"},
      {"environment: production\n    used_by", "environment: dev\n    used_by"},
      {"criticality: high", "criticality: low"},
      {"    environment: production\nrotation", "    environment: dev\nrotation"}}},
    {"RK-OPS-002",
     {{"rollback_on_failure: true", "rollback_on_failure: false"}},
     {{"rollback_on_failure: true", "rollback_on_failure: false"},
      {"environment: production\n    used_by", "environment: dev\n    used_by"},
      {"    environment: production\nrotation", "    environment: dev\nrotation"}}},
    {"RK-OPS-003",
     {{kKeyEnd, kKeyEnd + "    expires_at: 2026-12-10\n    notify_before: 30d\n"}},
     {{kKeyEnd, kKeyEnd + "    expires_at: 2027-06-30\n    notify_before: 30d\n"}}},
    {"RK-OPS-004", {{kKeyEnd, ""}}, {{kKeyEnd, ""}, {kVerify, kVerify + "    rotate_immediately: false\n"}}},
    {"RK-OPS-005",
     {{kSchedule, "    schedule: \"*/10 2 1,15 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 15d"}},
     {}},
    {"RK-AGE-001",
     {{"rotation_frequency: 20d", "rotation_frequency: 20d"}},
     {},
     R"({"time":"2026-10-01T02:00:00Z","secret":"a","event":"activated","key_id":"k1"})"
     "\n"},
    {"RK-AGE-002",
     {},
     {},
     R"({"time":"2026-11-20T02:00:00Z","secret":"a","event":"failed"})"
     "\n"},
    {"RK-AGE-003",
     {},
     {},
     R"({"time":"2026-11-01T02:00:00Z","secret":"a","event":"activated","key_id":"k1"})"
     "\n"
     R"({"time":"2026-11-15T02:00:00Z","secret":"a","event":"activated","key_id":"k2"})"
     "\n"},
    {"RK-AGE-004",
     {},
     {},
     R"({"time":"2026-11-20T02:00:00Z","secret":"a","event":"rolled_back"})"
     "\n"},
    {"RK-AGE-005",
     {},
     {},
     R"({"time":"2026-11-20T02:00:00Z","secret":"zz","event":"created"})"
     "\n"},
    {"RK-SUP-001",
     {{"  - name: a\n", "  # rekey:ignore RK-INV-004\n  - name: a\n"}},
     {{"  - name: a\n", "  # rekey:ignore RK-DK-001 reason=\"gateway\"\n  - name: a\n"},
      {"supports_dual_key: true", "supports_dual_key: false"}}},
    {"RK-SUP-002",
     {{"  - name: a\n", "  # rekey:ignore RK-DK-001 reason=\"gateway\" until=2026-01-01\n  - name: a\n"},
      {"supports_dual_key: true", "supports_dual_key: false"}},
     {{"  - name: a\n", "  # rekey:ignore RK-DK-001 reason=\"gateway\" until=2027-01-01\n  - name: a\n"},
      {"supports_dual_key: true", "supports_dual_key: false"}}},
    {"RK-SUP-003",
     {{"  - name: a\n", "  # rekey:ignore RK-DK-001 reason=\"gateway\"\n  - name: a\n"}},
     {{"  - name: a\n", "  # rekey:ignore RK-DK-001 reason=\"gateway\"\n  - name: a\n"},
      {"supports_dual_key: true", "supports_dual_key: false"}}},
};

// Issue 19: a key kept in AWS Secrets Manager may keep a POSIX schedule that
// `rekey compile aws` can translate; one it cannot is RK-SCH-008.
TEST(Checks, AwsVaultTakesTranslatablePosixSchedules) {
  const std::string aws =
      Apply({{"    vault_path: secret/prod/a\n", "    vault: aws-secrets-manager\n    vault_path: prod/a\n"}});
  EXPECT_EQ(Ids(aws, "").count("RK-SCH-008"), 0u) << aws;
  std::string bad = aws;
  bad.replace(bad.find(kSchedule), kSchedule.size(), "    schedule: \"30 2 1,15 * *\"");
  EXPECT_EQ(Ids(bad, "").count("RK-SCH-008"), 1u) << bad;
}

TEST(Checks, CleanModelHasNoViolations) { EXPECT_EQ(Ids(kClean, ""), std::multiset<std::string>{}); }

TEST(Checks, EachCheckFiresOnItsCaseAndNotOnTheNearMiss) {
  for (const Case& c : kCases) {
    EXPECT_GE(Ids(Apply(c.positive), c.audit, c.providers, c.positive_exposures).count(c.id), 1u)
        << c.id << " positive:\n"
        << Apply(c.positive);
    EXPECT_EQ(Ids(Apply(c.negative), "", c.providers, c.negative_exposures).count(c.id), 0u) << c.id << " negative:\n"
                                                                                             << Apply(c.negative);
  }
}

TEST(Checks, EveryCatalogueEntryHasACase) {
  std::set<std::string> covered;
  for (const Case& c : kCases) covered.insert(c.id);
  for (const Check* check : AllChecks()) EXPECT_TRUE(covered.count(check->id)) << check->id << " has no test case";
}

TEST(Checks, SuppressionWithReasonSilencesTheViolation) {
  const std::string text = Apply({{"  - name: a\n", "  - name: a  # rekey:ignore RK-DK-001 reason=\"gateway\"\n"},
                                  {"supports_dual_key: true", "supports_dual_key: false"}});
  const std::multiset<std::string> ids = Ids(text, "");
  EXPECT_EQ(ids.count("RK-DK-001"), 0u);
  EXPECT_EQ(ids.count("RK-SUP-003"), 0u);
}

TEST(Checks, CadenceMessageNamesTheNumbers) {
  Model model;
  Diagnostics diags;
  LoadModelText(
      Apply({{kSchedule, "    schedule: \"0 2 1 * *\""}, {"rotation_frequency: 20d", "rotation_frequency: 30d"}}),
      "inv.yaml", model, diags);
  ResolveSchedules(model);
  bool found = false;
  for (const Violation& v : Evaluate(model, DefaultPolicy(), kNow)) {
    if (v.id != "RK-ROT-003") continue;
    found = true;
    EXPECT_NE(v.message.find("max gap 31d from \"0 2 1 * *\" exceeds rotation_frequency 30d"), std::string::npos)
        << v.message;
    EXPECT_EQ(v.severity, Severity::kWarning);
    EXPECT_EQ(v.loc.line, 20);
  }
  EXPECT_TRUE(found);
}

TEST(Checks, AgeBeyondFactorIsAnError) {
  Model model;
  Diagnostics diags;
  LoadModelText(
      Apply({{kSchedule, "    schedule: \"0 2 1 */3 *\""}, {"rotation_frequency: 20d", "rotation_frequency: 30d"}}),
      "inv.yaml", model, diags);
  ResolveSchedules(model);
  Severity severity = Severity::kNote;
  for (const Violation& v : Evaluate(model, DefaultPolicy(), kNow)) {
    if (v.id == "RK-ROT-003") severity = v.severity;
  }
  EXPECT_EQ(severity, Severity::kError);  // 92d > 1.5 x 30d
}

TEST(Checks, PolicyDisablesAndRescoresChecks) {
  Model model;
  Diagnostics diags;
  LoadModelText("api_keys:\n  - name: a\n", "inv.yaml", model, diags);
  Policy policy = DefaultPolicy();
  policy.mutable_checks()["RK-INV-003"].enabled = false;
  policy.mutable_checks()["RK-INV-001"].severity = Severity::kWarning;
  std::vector<Violation> v = Evaluate(model, policy, kNow);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].id, "RK-INV-001");
  EXPECT_EQ(v[0].severity, Severity::kWarning);
}

TEST(Checks, OverridesByCriticalityAndEnvironment) {
  Diagnostics diags;
  Policy policy = DefaultPolicy();
  CheckSettings& s = policy.mutable_checks()["RK-ROT-001"];
  s.by_environment["staging"].severity = Severity::kNote;
  EXPECT_EQ(policy.SeverityOf("RK-ROT-001", {"high", "stage"}), Severity::kNote);
  EXPECT_EQ(policy.SeverityOf("RK-ROT-001", {"high", "production"}), Severity::kError);
  EXPECT_EQ(policy.DurationParam("RK-ROT-001", "max_age", {"critical", ""}), Duration::Days(30));
  EXPECT_EQ(policy.DurationParam("RK-ROT-001", "max_age", {"", ""}), Duration::Days(365));
}

TEST(Checks, EachViolationGetsItsOwnKeysOverrides) {
  // One check, keys of three subjects: each violation takes the severity (or
  // the disabling) of its own key's environment and criticality, in any order.
  Model model;
  Diagnostics diags;
  LoadModelText(
      "api_keys:\n"
      "  - name: a\n    environment: staging\n    criticality: high\n"
      "  - name: b\n    environment: production\n    criticality: high\n"
      "  - name: c\n    environment: production\n    criticality: low\n"
      "  - name: d\n    environment: stage\n    criticality: high\n",
      "inv.yaml", model, diags);
  Policy policy = DefaultPolicy();
  CheckSettings& s = policy.mutable_checks()["RK-INV-001"];
  s.by_environment["staging"].severity = Severity::kNote;
  s.by_criticality["low"].enabled = false;
  std::map<std::string, Severity> by_key;
  for (const Violation& v : Evaluate(model, policy, kNow)) {
    if (v.id == "RK-INV-001") by_key[v.key] = v.severity;
  }
  EXPECT_EQ(by_key.count("c"), 0u);  // disabled for low keys
  ASSERT_EQ(by_key.count("a"), 1u);
  ASSERT_EQ(by_key.count("b"), 1u);
  ASSERT_EQ(by_key.count("d"), 1u);
  EXPECT_EQ(by_key["a"], Severity::kNote);
  EXPECT_EQ(by_key["d"], Severity::kNote);  // "stage" is staging
  EXPECT_NE(by_key["b"], Severity::kNote);
}

TEST(Catalogue, IdsAreUniqueAndDocumented) {
  std::set<std::string> ids;
  for (const Check* c : AllChecks()) {
    EXPECT_TRUE(ids.insert(c->id).second) << c->id;
    EXPECT_NE(std::string(c->rationale), "");
    EXPECT_NE(std::string(c->fix), "");
    EXPECT_EQ(FindCheck(c->id), c);
  }
  EXPECT_GE(ids.size(), 30u);
}

TEST(Policy, EmbeddedPoliciesAreValidAndCoverEveryCheck) {
  for (const char* name : {"", "strict"}) {
    Diagnostics diags;
    Policy policy = LoadPolicy(name, diags);
    EXPECT_FALSE(diags.HasErrors()) << name << ": " << (diags.empty() ? "" : FormatDiagnostic(diags.items()[0]));
    for (const Check* c : AllChecks()) EXPECT_NE(policy.Find(c->id), nullptr) << c->id << " missing from default.yaml";
  }
}

}  // namespace
}  // namespace rekey
