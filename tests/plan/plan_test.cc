// BuildPlan: dual-key step order and times, restarts before revoke, single-key
// providers, blocks from error violations, DST-shifted fires, emergencies,
// the input hash, and determinism.
#include "rekey/plan/plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "rekey/model/loader.h"
#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

Timestamp At(const char* text) { return *ParseRfc3339(text); }

Model Load(const std::string& yaml) {
  Model model;
  Diagnostics diags;
  LoadModelText(yaml, "model.yaml", model, diags);
  EXPECT_FALSE(diags.HasErrors()) << (diags.empty() ? "" : FormatDiagnostic(diags.items().front()));
  ResolveSchedules(model);
  return model;
}

// One key, monthly at 02:00 UTC, consumers declared in `services`.
std::string OneKey(const std::string& dual, const std::string& services, const std::string& schedule_extra = "") {
  return "api_keys:\n"
         "  - name: pay-key\n"
         "    provider: Stripe\n"
         "    environment: production\n"
         "    used_by: [payment-service, billing-service]\n"
         "    vault_path: secret/prod/stripe/api-key\n"
         "    rotation_frequency: 30d\n"
         "    supports_dual_key: " +
         dual +
         "\n"
         "    provider_api: https://api.stripe.com/v1/api_keys\n"
         "    criticality: high\n"
         "    owner: payments-oncall\n" +
         services +
         "rotation_schedules:\n"
         "  - secret: pay-key\n"
         "    provider: stripe\n"
         "    schedule: \"0 2 1 * *\"\n"
         "    grace_period: 2h\n" +
         schedule_extra;
}

const char kAgentAndEnv[] =
    "services:\n"
    "  - name: payment-service\n"
    "    reads_via: vault-agent\n"
    "    refresh: 5m\n"
    "  - name: billing-service\n"
    "    reads_via: env\n";

PlanOptions From(const char* from, Duration horizon = kDefaultPlanHorizon) {
  PlanOptions o;
  o.from = At(from);
  o.horizon = horizon;
  return o;
}

std::vector<std::string> Actions(const Rotation& r) {
  std::vector<std::string> out;
  for (const PlanStep& s : r.steps) out.push_back(s.action);
  return out;
}

size_t IndexOf(const Rotation& r, const std::string& action) {
  const std::vector<std::string> a = Actions(r);
  return static_cast<size_t>(std::find(a.begin(), a.end(), action) - a.begin());
}

bool HasWarning(const RotationPlan& plan, const std::string& id) {
  return std::any_of(plan.warnings.begin(), plan.warnings.end(), [&](const PlanWarning& w) { return w.id == id; });
}

TEST(BuildPlan, DualKeyStepsInOrderWithAbsoluteTimes) {
  const Model model = Load(OneKey("true", kAgentAndEnv));
  const RotationPlan plan = BuildPlan(model, {}, From("2026-11-25T00:00:00Z"));
  ASSERT_EQ(plan.rotations.size(), 3u);  // Dec 1, Jan 1, Feb 1
  const Rotation& r = plan.rotations.front();
  EXPECT_EQ(r.fire, At("2026-12-01T02:00:00Z"));
  EXPECT_EQ(Actions(r),
            (std::vector<std::string>{"create", "store", "restart", "wait", "verify", "revoke", "cleanup"}));
  EXPECT_EQ(r.steps[0].symbol, '+');
  EXPECT_EQ(r.steps[5].symbol, '-');
  EXPECT_EQ(r.steps[5].at, At("2026-12-01T04:00:00Z"));  // grace 2h of real time
  EXPECT_EQ(r.rollback_until, At("2026-12-01T04:00:00Z"));
  EXPECT_TRUE(r.steps[0].local.empty());  // UTC schedule: no local time
  EXPECT_NE(r.grace_reason.find("longer than the slowest consumer refresh: payment-service"), std::string::npos);
  EXPECT_EQ(plan.rotations[2].fire, At("2027-02-01T02:00:00Z"));
  EXPECT_TRUE(plan.blocked.empty());
  EXPECT_TRUE(plan.warnings.empty());
}

TEST(BuildPlan, EnvConsumersRestartBeforeRevoke) {
  const RotationPlan plan = BuildPlan(Load(OneKey("true", kAgentAndEnv)), {}, From("2026-11-25T00:00:00Z"));
  const Rotation& r = plan.rotations.front();
  EXPECT_LT(IndexOf(r, "restart"), IndexOf(r, "revoke"));
  EXPECT_NE(r.steps[IndexOf(r, "restart")].detail.find("billing-service"), std::string::npos);
  ASSERT_EQ(plan.keys.size(), 1u);
  EXPECT_EQ(plan.keys[0].restarts, std::vector<std::string>{"billing-service"});
  EXPECT_EQ(plan.keys[0].slowest_consumer, "payment-service");
  EXPECT_EQ(plan.keys[0].slowest_refresh, Duration::Minutes(5));
}

TEST(BuildPlan, UndeclaredConsumersDefaultToOneHour) {
  const RotationPlan plan = BuildPlan(Load(OneKey("true", "")), {}, From("2026-11-25T00:00:00Z"));
  ASSERT_EQ(plan.keys.size(), 1u);
  EXPECT_EQ(plan.keys[0].slowest_refresh, Duration::Hours(1));
  EXPECT_EQ(plan.keys[0].consumers[0].refresh_source, "service not declared");
}

TEST(BuildPlan, VerifyMethodAndRestartModeReachTheSteps) {
  Model model = Load(OneKey("true", kAgentAndEnv));
  model.schedules[0].verify = Verify{VerifyMethod::kProviderLastUsed, Duration::Hours(1)};
  model.services[1].restart = RestartMode::kManual;  // billing-service, reads_via env
  const Rotation r = BuildPlan(model, {}, From("2026-11-25T00:00:00Z")).rotations.front();
  EXPECT_NE(r.steps[IndexOf(r, "verify")].detail.find("provider last-used telemetry, give up after 1h"),
            std::string::npos);
  EXPECT_NE(r.steps[IndexOf(r, "restart")].detail.find("manual restart"), std::string::npos);
}

TEST(BuildPlan, GraceNotLongerThanSlowestRefreshWarns) {
  const std::string services = "services:\n  - name: payment-service\n    reads_via: sdk-cache\n    refresh: 2h\n";
  const RotationPlan plan = BuildPlan(Load(OneKey("true", services)), {}, From("2026-11-25T00:00:00Z"));
  EXPECT_TRUE(HasWarning(plan, "RK-PLAN-003"));
  EXPECT_EQ(plan.warnings.size(), 1u);  // once per key, not once per rotation
}

TEST(BuildPlan, SingleKeyProviderNeedsMaintenanceWindow) {
  const RotationPlan plan = BuildPlan(Load(OneKey("false", kAgentAndEnv)), {}, From("2026-11-25T00:00:00Z"));
  ASSERT_FALSE(plan.rotations.empty());
  const Rotation& r = plan.rotations.front();
  EXPECT_FALSE(r.dual_key);
  EXPECT_EQ(r.steps.front().action, "maintenance");
  EXPECT_LT(IndexOf(r, "revoke"), IndexOf(r, "create"));
  EXPECT_EQ(r.rollback_until, r.fire);  // the old key dies at the start of the window
  EXPECT_TRUE(HasWarning(plan, "RK-PLAN-004"));
}

TEST(BuildPlan, ErrorViolationBlocksTheKeysRotations) {
  const Model model = Load(OneKey("true", kAgentAndEnv));
  std::vector<Violation> violations = {
      {"RK-INV-001", Severity::kError, "pay-key", "api key \"pay-key\" lacks owner", "add owner", {"model.yaml", 2, 5}},
      {"RK-INV-009", Severity::kWarning, "pay-key", "a warning only", "", {"model.yaml", 3, 5}}};
  const RotationPlan plan = BuildPlan(model, violations, From("2026-11-25T00:00:00Z"));
  EXPECT_TRUE(plan.rotations.empty());
  ASSERT_EQ(plan.blocked.size(), 1u);
  EXPECT_EQ(plan.blocked[0].key, "pay-key");
  EXPECT_EQ(plan.blocked[0].reasons[0].id, "RK-INV-001");
  EXPECT_EQ(plan.blocked[0].would_fire.size(), 3u);
  EXPECT_TRUE(HasWarning(plan, "RK-INV-009"));
  EXPECT_EQ(PlanSummaryLine(plan), "Plan: 0 rotations of 0 keys in 90d from 2026-11-25; 1 blocked; 1 warning.");
}

TEST(BuildPlan, ViolationOnScheduleSecretBlocksItsKey) {
  Model model = Load(OneKey("true", kAgentAndEnv));
  model.schedules[0].secret = "prod/pay-key";  // still resolved to pay-key (index 0)
  std::vector<Violation> violations = {{"RK-SCH-001", Severity::kError, "prod/pay-key", "bad", "", {}}};
  const RotationPlan plan = BuildPlan(model, violations, From("2026-11-25T00:00:00Z"));
  ASSERT_EQ(plan.blocked.size(), 1u);
  EXPECT_EQ(plan.blocked[0].key, "pay-key");
}

TEST(BuildPlan, VeryFrequentSchedulesAreCutShort) {
  std::string yaml = OneKey("true", kAgentAndEnv);
  yaml.replace(yaml.find("0 2 1 * *"), 9, "*/5 * * * *");
  const Model model = Load(yaml);
  const RotationPlan plan = BuildPlan(model, {}, From("2026-11-25T00:00:00Z"));
  EXPECT_EQ(plan.rotations.size(), kMaxRotationsPerSchedule);
  EXPECT_TRUE(HasWarning(plan, "RK-PLAN-007"));
  std::vector<Violation> violations = {{"RK-ROT-002", Severity::kError, "pay-key", "too often", "", {}}};
  const RotationPlan blocked = BuildPlan(model, violations, From("2026-11-25T00:00:00Z"));
  ASSERT_EQ(blocked.blocked.size(), 1u);
  EXPECT_EQ(blocked.blocked[0].would_fire.size(), kMaxListedBlockedFires);
  EXPECT_EQ(blocked.blocked[0].would_fire_total, 90u * 288 + 1);  // every 5 minutes, both ends included
}

TEST(BuildPlan, DstShiftedFireInLocalZoneIsFlagged) {
  // 2027-03-14: New York skips 02:00-02:59, so 02:30 fires at 03:00 EDT (07:00Z).
  const std::string extra = "    timezone: America/New_York\n";
  std::string yaml = OneKey("true", kAgentAndEnv, extra);
  yaml.replace(yaml.find("0 2 1 * *"), 9, "30 2 * * *");
  const RotationPlan plan = BuildPlan(Load(yaml), {}, From("2027-03-13T12:00:00Z", Duration::Days(2)));
  ASSERT_EQ(plan.rotations.size(), 2u);
  const Rotation& shifted = plan.rotations[0];
  EXPECT_EQ(shifted.fire, At("2027-03-14T07:00:00Z"));
  EXPECT_EQ(shifted.dst, "shifted-from-gap");
  EXPECT_NE(shifted.fire_local.find("2027-03-14T03:00:00-04:00"), std::string::npos) << shifted.fire_local;
  EXPECT_FALSE(shifted.steps[0].local.empty());
  // The grace is real elapsed time whatever the wall clock does.
  EXPECT_EQ(shifted.rollback_until - shifted.fire, Duration::Hours(2));
  EXPECT_EQ(plan.rotations[1].dst, "none");
  EXPECT_TRUE(HasWarning(plan, "RK-PLAN-002"));
}

TEST(BuildPlan, UnparsableScheduleBlocksWithPlanId) {
  std::string yaml = OneKey("true", kAgentAndEnv);
  yaml.replace(yaml.find("0 2 1 * *"), 9, "0 25 1 * *");
  const RotationPlan plan = BuildPlan(Load(yaml), {}, From("2026-11-25T00:00:00Z"));
  ASSERT_EQ(plan.blocked.size(), 1u);
  EXPECT_EQ(plan.blocked[0].reasons[0].id, "RK-PLAN-001");
}

TEST(BuildPlan, EmergencyRotatesNowWithShortestSafeGrace) {
  const Model model = Load(OneKey("true", kAgentAndEnv));
  std::vector<Violation> violations = {{"RK-INV-001", Severity::kError, "pay-key", "lacks x", "", {}}};
  PlanOptions options = From("2026-11-25T10:00:00Z");
  options.emergency_key = "pay-key";
  const RotationPlan plan = BuildPlan(model, violations, options);
  ASSERT_EQ(plan.rotations.size(), 1u);
  const Rotation& r = plan.rotations[0];
  EXPECT_TRUE(r.emergency);
  EXPECT_EQ(r.fire, At("2026-11-25T10:00:00Z"));
  EXPECT_EQ(r.grace, Duration::Minutes(5));  // the slowest consumer refresh (vault-agent 5m)
  EXPECT_LT(IndexOf(r, "restart"), IndexOf(r, "revoke"));
  EXPECT_TRUE(plan.blocked.empty());  // policy never blocks an emergency; it warns
  EXPECT_TRUE(HasWarning(plan, "RK-INV-001"));
  EXPECT_EQ(PlanSummaryLine(plan),
            "Plan: EMERGENCY rotation of pay-key now (2026-11-25T10:00:00Z); 0 blocked; 1 warning.");
}

TEST(NormalizeModel, IgnoresLayoutCommentsAndOrder) {
  const Model a = Load(OneKey("true", kAgentAndEnv));
  Model b = Load("# a comment\n" + OneKey("true", kAgentAndEnv));
  std::reverse(b.services.begin(), b.services.end());
  EXPECT_EQ(NormalizeModel(a), NormalizeModel(b));
  Model c = a;
  c.schedules[0].grace_period = Duration::Hours(3);
  EXPECT_NE(NormalizeModel(a), NormalizeModel(c));
}

TEST(BuildPlan, DeterministicOutput) {
  const Model model = Load(OneKey("true", kAgentAndEnv));
  const PlanOptions options = From("2026-11-25T00:00:00Z");
  const RotationPlan first = BuildPlan(model, {}, options);
  const RotationPlan second = BuildPlan(model, {}, options);
  EXPECT_EQ(RenderPlanJson(first), RenderPlanJson(second));
  EXPECT_EQ(RenderPlanMarkdown(first), RenderPlanMarkdown(second));
  EXPECT_EQ(RenderPlanText(first), RenderPlanText(second));
  EXPECT_EQ(first.inputs.model_sha256.size(), 64u);
}

TEST(PlanReport, MarkdownHasSummaryMarkerAndGantt) {
  const RotationPlan plan = BuildPlan(Load(OneKey("true", kAgentAndEnv)), {}, From("2026-11-25T00:00:00Z"));
  const std::string md = RenderPlanMarkdown(plan);
  EXPECT_EQ(md.rfind("<!-- rekey-plan: {\"format\":\"markdown\"", 0), 0u) << md.substr(0, 80);
  EXPECT_NE(md.find("Plan: 3 rotations of 1 key in 90d from 2026-11-25; 0 blocked; 0 warnings."), std::string::npos);
  EXPECT_NE(md.find("```mermaid\ngantt\n"), std::string::npos);
  EXPECT_NE(RenderPlanGantt(plan).find("rotate 12-01 :r1, 2026-12-01 02:00, 120m"), std::string::npos);
}

// Leak responses (rekey plan --from-findings): three exposed keys of
// different urgency, one found inside a consumer's directory.
const char kLeakModel[] = R"(api_keys:
  - name: pay-prod
    provider: Stripe
    environment: production
    used_by: [payment-service, billing-service]
    vault_path: secret/prod/stripe
    supports_dual_key: true
    provider_api: https://api.stripe.com/v1/api_keys
    criticality: high
  - name: pay-staging
    provider: Stripe
    environment: staging
    used_by: [payment-service]
    supports_dual_key: true
    criticality: critical
  - name: mail-prod
    provider: SendGrid
    environment: production
    used_by: [notification-service]
    supports_dual_key: true
    criticality: medium
services:
  - name: payment-service
    reads_via: vault-agent
    refresh: 5m
  - name: billing-service
    reads_via: env
  - name: notification-service
    reads_via: sdk-cache
    refresh: 30m
)";

Exposure Leak(const std::string& key, const std::string& severity, const std::string& path,
              std::vector<std::string> services = {}, bool ambiguous = false) {
  Exposure e;
  e.key = key;
  e.provider = "Stripe";
  e.rule_id = "stripe.secret-key";
  e.severity = severity;
  e.where = {path, 3, 19};
  e.secret_redacted = "sk_l\u2026(38 chars)";
  e.services = std::move(services);
  e.ambiguous = ambiguous;
  e.reason = "provider Stripe";
  return e;
}

TEST(LeakResponse, MostUrgentFirstHoldersRedeployedBeforeEnvConsumers) {
  PlanOptions options = From("2026-11-25T10:00:00Z");
  options.leak_response = true;
  options.exposures = {Leak("mail-prod", "critical", "notify/app.env"), Leak("pay-staging", "high", "staging/app.env"),
                       Leak("pay-prod", "high", "payment-service/config/prod.env", {"payment-service"})};
  const RotationPlan plan = BuildPlan(Load(kLeakModel), {}, options);
  ASSERT_EQ(plan.rotations.size(), 3u);
  // critical finding first; then among the high ones production before staging.
  EXPECT_EQ(plan.rotations[0].key, "mail-prod");
  EXPECT_EQ(plan.rotations[1].key, "pay-prod");
  EXPECT_EQ(plan.rotations[2].key, "pay-staging");
  for (const Rotation& r : plan.rotations) {
    EXPECT_TRUE(r.emergency);
    EXPECT_EQ(r.fire, At("2026-11-25T10:00:00Z"));
  }
  const KeyPlan* pay = nullptr;
  for (const KeyPlan& k : plan.keys) {
    if (k.key == "pay-prod") pay = &k;
  }
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->priority, 2);
  EXPECT_EQ(pay->priority_reason, "high finding, production, criticality high, 2 consumers");
  EXPECT_EQ(pay->leak_holders, std::vector<std::string>{"payment-service"});
  EXPECT_EQ(pay->restarts, (std::vector<std::string>{"payment-service", "billing-service"}));
  const Rotation& r = plan.rotations[1];
  EXPECT_LT(IndexOf(r, "remove"), IndexOf(r, "revoke"));
  EXPECT_LT(IndexOf(r, "restart"), IndexOf(r, "revoke"));
  EXPECT_NE(r.steps[IndexOf(r, "restart")].detail.find("payment-service"), std::string::npos);
  // Rolling back warns first and restarts only the startup reader.
  EXPECT_NE(pay->rollback.front().find("COMPROMISED"), std::string::npos) << pay->rollback.front();
  bool restart_line = false;
  for (const std::string& step : pay->rollback) {
    if (step.rfind("restart ", 0) != 0) continue;
    restart_line = true;
    EXPECT_EQ(step, "restart billing-service (they read the key at startup)");
  }
  EXPECT_TRUE(restart_line);
  EXPECT_EQ(PlanSummaryLine(plan).rfind("Plan: EMERGENCY rotation of 3 leaked keys now (2026-11-25T10:00:00Z)", 0), 0u)
      << PlanSummaryLine(plan);
}

TEST(LeakResponse, AmbiguousLeaksRotateEveryCandidateAndSaySo) {
  PlanOptions options = From("2026-11-25T10:00:00Z");
  options.leak_response = true;
  options.exposures = {Leak("pay-prod", "critical", "scripts/setup.sh", {}, true),
                       Leak("pay-staging", "critical", "scripts/setup.sh", {}, true)};
  const RotationPlan plan = BuildPlan(Load(kLeakModel), {}, options);
  EXPECT_EQ(plan.rotations.size(), 2u);
  EXPECT_TRUE(HasWarning(plan, "RK-PLAN-008"));
}

TEST(LeakResponse, PolicyErrorsWarnButNeverBlockAndUnmanagedAreCarried) {
  PlanOptions options = From("2026-11-25T10:00:00Z");
  options.leak_response = true;
  options.exposures = {Leak("pay-prod", "critical", "payment-service/config/prod.env", {"payment-service"})};
  UnmanagedProvider twilio;
  twilio.provider = "Twilio";
  twilio.stub = "api_keys:\n  - name: twilio-api-key\n";
  options.unmanaged = {twilio};
  const std::vector<Violation> violations = {{"RK-INV-007", Severity::kError, "pay-prod", "hardcoded", "", {}}};
  const RotationPlan plan = BuildPlan(Load(kLeakModel), violations, options);
  EXPECT_TRUE(plan.blocked.empty());
  EXPECT_TRUE(HasWarning(plan, "RK-INV-007"));
  ASSERT_EQ(plan.unmanaged.size(), 1u);
  const std::string md = RenderPlanMarkdown(plan);
  EXPECT_NE(md.find("#### Twilio"), std::string::npos);
  EXPECT_NE(md.find("| 1 | pay-prod | critical finding, production, criticality high, 2 consumers |"),
            std::string::npos)
      << md;
  EXPECT_EQ(RenderPlanJson(plan), RenderPlanJson(BuildPlan(Load(kLeakModel), violations, options)));
}

}  // namespace
}  // namespace rekey
