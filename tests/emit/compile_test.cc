// rekey compile's targets on small models: what each emits, what it leaves
// out (with a note), what it refuses (a diagnostic), and the stamp --check reads.
#include "rekey/emit/compile.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emit/compile_internal.h"
#include "emit/yaml_value.h"
#include "emit_test_util.h"
#include "yaml/yaml_node.h"

namespace rekey {
namespace {

std::string Only(CompileTarget target, const Model& m, const Policy& policy = DefaultPolicy(),
                 const CompileOptions& options = {}) {
  Diagnostics diags;
  CompileOutput out = Compile(target, m, policy, options, diags);
  EXPECT_FALSE(diags.HasErrors()) << (diags.empty() ? "" : FormatDiagnostic(diags.items().front()));
  return out.files.empty() ? "" : out.files.front().text;
}

std::string Key(const std::string& name, const std::string& extra = "") {
  return "  - name: " + name + "\n    rotation_frequency: 30d\n    vault_path: secret/prod/" + name + "\n" + extra;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- prometheus ----------------------------------------------------------

TEST(CompilePrometheus, KeysSharingAThresholdShareARule) {
  Model m = LoadModel("api_keys:\n" + Key("a") + Key("b") + "  - name: c\n    rotation_frequency: 7d\n");
  const std::string rules = Only(CompileTarget::kPrometheus, m);
  EXPECT_TRUE(Has(rules, R"(rekey_key_activated_timestamp_seconds{key=~"a|b"} > 3888000')")) << rules;
  EXPECT_TRUE(Has(rules, R"(rekey_key_activated_timestamp_seconds{key="c"} > 907200')"));
  EXPECT_TRUE(Has(rules, "age_limit: '45d'"));
  EXPECT_TRUE(Has(rules, "for: 15m"));  // RK-AGE-001 alert_for in the default policy
}

TEST(CompilePrometheus, AlertOnFailureFalseIsLeftOutWithANote) {
  Model m = LoadModel("api_keys:\n" + Key("a") + Key("b") +
                      "rotation_schedules:\n  - secret: b\n    schedule: \"0 2 * * *\"\n    alert_on_failure: false\n");
  const std::string rules = Only(CompileTarget::kPrometheus, m);
  EXPECT_TRUE(Has(rules, R"(rekey_key_last_rotation_result{key="a",result!="done"} == 1)"));
  EXPECT_TRUE(Has(rules, "# note: RekeyRotationFailed leaves out b (alert_on_failure: false)"));
}

TEST(CompilePrometheus, GraceOfEachScheduleIsCompiledIn) {
  Model m = LoadModel("api_keys:\n" + Key("a") +
                      "rotation_schedules:\n  - secret: a\n    schedule: \"0 2 * * *\"\n    grace_period: 90m\n");
  const std::string rules = Only(CompileTarget::kPrometheus, m);
  EXPECT_TRUE(Has(rules, R"(pending_revocation_since_timestamp_seconds{key="a"} > 5400')"));
  EXPECT_TRUE(Has(rules, "grace: '1h30m'"));
}

TEST(CompilePrometheus, SelectorsMakeApplicationAlertsAndTheirAbsenceANote) {
  Model m = LoadModel(
      "api_keys:\n" + Key("a", "    used_by: [svc]\n    monitoring:\n      key_use: 'calls_total{peer=\"x\"}'\n") +
      Key("b") + "services:\n  - name: svc\n    monitoring:\n      auth_failures: 'auth_errors_total'\n");
  const std::string rules = Only(CompileTarget::kPrometheus, m);
  EXPECT_TRUE(Has(
      rules,
      R"(sum(rate(auth_errors_total[5m])) > 3 * (avg_over_time(sum(rate(auth_errors_total[5m]))[1d:5m] offset 5m) or vector(0)))"));
  EXPECT_TRUE(Has(rules, "service: svc"));
  EXPECT_TRUE(Has(rules, R"(and on (key_id) (sum by (key_id) (rate(calls_total{peer="x"}[5m])) > 0))"));
  EXPECT_TRUE(Has(rules, "# note: RekeyAuthFailureSpike omitted for b: no monitoring.auth_failures"));
  EXPECT_TRUE(Has(rules, "# note: RekeyRevokedKeyUse omitted for a, b:"));
  EXPECT_FALSE(Has(rules, "alert: RekeyRevokedKeyUse"));
}

TEST(CompilePrometheus, RulesDifferingOnlyInForGetAnAlertForLabel) {
  Model m = LoadModel("api_keys:\n" + Key("a", "    criticality: critical\n") + Key("b", "    criticality: low\n"));
  Policy policy = PolicyFrom("checks:\n  RK-AGE-002:\n    by_criticality: {critical: {alert_for: 1m}}\n");
  const std::string rules = Only(CompileTarget::kPrometheus, m, policy);
  EXPECT_TRUE(Has(rules, "alert_for: '1m'")) << rules;
  EXPECT_TRUE(Has(rules, "alert_for: '0s'"));
}

TEST(CompilePrometheus, KeyNamesAreRegexAndTemplateSafe) {
  EXPECT_EQ(KeyMatcher({"a.b", "c"}), R"(key=~"a\\.b|c")");
  EXPECT_EQ(KeyMatcher({"q\"x"}), R"(key="q\"x")");
}

// ---- stamp -----------------------------------------------------------------

TEST(CompileStamp, RoundTripsThroughYamlAndCloudFormation) {
  CompileStamp stamp{CompileTarget::kKubernetes, {{"image", "r/rekey:1"}}};
  std::optional<CompileStamp> yaml = ReadCompileStamp(YamlHeader(stamp, "x", {}));
  ASSERT_TRUE(yaml);
  EXPECT_EQ(yaml->target, CompileTarget::kKubernetes);
  EXPECT_EQ(yaml->options.at("image"), "r/rekey:1");
  CompileOptions options;
  ASSERT_TRUE(ApplyStampOptions(*yaml, options));
  EXPECT_EQ(options.kubernetes.image, "r/rekey:1");
  stamp.options["colour"] = "blue";
  EXPECT_FALSE(ApplyStampOptions(stamp, options));
  const std::string cfn = R"({"Metadata": {"rekey-compile": {"target": "aws", "options": {}}}})";
  ASSERT_TRUE(ReadCompileStamp(cfn));
  EXPECT_EQ(ReadCompileStamp(cfn)->target, CompileTarget::kAws);
  EXPECT_FALSE(ReadCompileStamp("groups: []\n"));
}

TEST(CompileStamp, OutputIgnoresTheAuditLog) {
  Model m = LoadModel("api_keys:\n" + Key("a"));
  const std::string before = Only(CompileTarget::kPrometheus, m);
  AddAudit(m, R"({"time":"2026-11-01T02:00:00Z","secret":"a","event":"failed"})");
  EXPECT_EQ(Only(CompileTarget::kPrometheus, m), before);
}

// ---- kubernetes ------------------------------------------------------------

TEST(CompileKubernetes, CronJobPerScheduleInItsZoneAndNoneForAws) {
  Model m = LoadModel("api_keys:\n" + Key("a") + Key("b", "    vault: aws-secrets-manager\n") +
                      "rotation_schedules:\n"
                      "  - secret: a\n    schedule: \"0 2 1,15 * *\"\n    timezone: Europe/Berlin\n"
                      "  - secret: b\n    schedule: \"0 2 1 * *\"\n");
  Diagnostics diags;
  CompileOutput out = Compile(CompileTarget::kKubernetes, m, DefaultPolicy(), {}, diags);
  ASSERT_FALSE(out.files.empty());
  const std::string& jobs = out.files[0].text;
  EXPECT_TRUE(Has(jobs, "name: rekey-rotate-a\n"));
  EXPECT_TRUE(Has(jobs, "timeZone: Europe/Berlin"));
  EXPECT_TRUE(Has(jobs, "concurrencyPolicy: Forbid"));
  EXPECT_TRUE(Has(jobs, "name: rekey-apply-resume\n"));
  EXPECT_FALSE(Has(jobs, "rekey-rotate-b"));
  EXPECT_TRUE(Has(jobs, "# note: no CronJob for b: AWS Secrets Manager rotates it"));
}

TEST(CompileKubernetes, UnparsableScheduleIsAnError) {
  Model m = LoadModel("api_keys:\n" + Key("a") + "rotation_schedules:\n  - secret: a\n    schedule: \"0 25 * * *\"\n");
  Diagnostics diags;
  Compile(CompileTarget::kKubernetes, m, DefaultPolicy(), {}, diags);
  ASSERT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.items()[0].id, "RK-EMIT-001");
}

TEST(CompileKubernetes, ExternalSecretRefreshFitsTheGrace) {
  Model m = LoadModel("api_keys:\n" + Key("a", "    used_by: [svc]\n") +
                      "services:\n  - name: svc\n    reads_via: external-secrets\n    namespace: team-a\n"
                      "rotation_schedules:\n  - secret: a\n    schedule: \"0 2 * * *\"\n    grace_period: 1h\n");
  Diagnostics diags;
  CompileOutput out = Compile(CompileTarget::kKubernetes, m, DefaultPolicy(), {}, diags);
  ASSERT_EQ(out.files.size(), 2u);
  const std::string& es = out.files[1].text;
  EXPECT_TRUE(Has(es, "refreshInterval: '30m'"));  // the 1h default x refresh_factor 2 would not fit in 1h
  EXPECT_TRUE(Has(es, "namespace: team-a"));
  EXPECT_TRUE(Has(es, "key: prod/a\n"));  // the store's path is the mount
  EXPECT_TRUE(Has(es, "# note: svc refreshes a every 30m, not 1h"));
}

TEST(CompileKubernetes, VaultAgentPatchReadsTheKvV2DataPath) {
  Model m = LoadModel("api_keys:\n" + Key("pay-key", "    used_by: [svc]\n") +
                      "services:\n  - name: svc\n    reads_via: vault-agent\n    refresh: 2m\n");
  Diagnostics diags;
  CompileOutput out = Compile(CompileTarget::kKubernetes, m, DefaultPolicy(), {}, diags);
  ASSERT_EQ(out.files.size(), 2u);
  EXPECT_EQ(out.files[1].name, "rekey-vault-agent-svc.patch.yaml");
  const std::string& patch = out.files[1].text;
  EXPECT_TRUE(Has(patch, "vault.hashicorp.com/agent-inject-secret-pay-key: secret/data/prod/pay-key\n"));
  EXPECT_TRUE(Has(patch, "{{- with secret \"secret/data/prod/pay-key\" -}}\n          PAY_KEY={{ .Data.data.key }}"));
  EXPECT_TRUE(Has(patch, "template-static-secret-render-interval: '2m'"));
}

TEST(CompileKubernetes, NamesAreDns1123AndUniqueWhenCut) {
  EXPECT_EQ(KubernetesName("Stripe API_key", 52), "stripe-api-key");
  const std::string a = KubernetesName("rekey-rotate-" + std::string(60, 'x') + "-a", 52);
  const std::string b = KubernetesName("rekey-rotate-" + std::string(60, 'x') + "-b", 52);
  EXPECT_LE(a.size(), 52u);
  EXPECT_NE(a, b);
}

// ---- aws -------------------------------------------------------------------

std::string AwsKey(const std::string& schedule) {
  return "api_keys:\n  - name: k\n    vault: aws-secrets-manager\n    vault_path: prod/k\n"
         "rotation_schedules:\n  - secret: k\n" +
         schedule;
}

nlohmann::json Rules(const std::string& schedule, Diagnostics& diags) {
  Model m = LoadModel(AwsKey(schedule));
  CompileOutput out = Compile(CompileTarget::kAws, m, DefaultPolicy(), {}, diags);
  if (out.files.empty()) return nullptr;
  return nlohmann::json::parse(out.files[0].text)["Resources"]["KRotationSchedule"]["Properties"]["RotationRules"];
}

TEST(CompileAws, PosixIsTranslatedAndGraceIsTheWindow) {
  Diagnostics diags;
  nlohmann::json r = Rules("    schedule: \"0 2 1 */3 *\"\n    grace_period: 90m\n", diags);
  EXPECT_EQ(r["ScheduleExpression"], "cron(0 2 1 1,4,7,10 ? *)");
  EXPECT_EQ(r["Duration"], "2h");
  EXPECT_FALSE(diags.HasErrors());
}

TEST(CompileAws, RateInDaysIsAutomaticallyAfterDays) {
  Diagnostics diags;
  nlohmann::json r = Rules("    schedule: \"rate(30 days)\"\n    dialect: aws\n", diags);
  EXPECT_EQ(r["AutomaticallyAfterDays"], 30);
  EXPECT_FALSE(r.contains("ScheduleExpression"));
  nlohmann::json hours = Rules("    schedule: \"rate(12 hours)\"\n    dialect: aws\n    grace_period: 2h\n", diags);
  EXPECT_EQ(hours["ScheduleExpression"], "rate(12 hours)");
  EXPECT_EQ(hours["Duration"], "2h");
}

TEST(CompileAws, WindowStopsAtTheEndOfTheUtcDay) {
  Diagnostics diags;
  nlohmann::json r = Rules("    schedule: \"cron(0 22 * * ? *)\"\n    dialect: aws\n    grace_period: 5h\n", diags);
  EXPECT_EQ(r["Duration"], "2h");
}

TEST(CompileAws, WhatAwsCannotRunIsAnError) {
  for (const char* schedule : {"    schedule: \"30 2 * * *\"\n",                              // minute 30
                               "    schedule: \"0 2 1 * 1\"\n",                               // both day fields
                               "    schedule: \"0 2 * * *\"\n    timezone: Europe/Berlin\n",  // not UTC
                               "    schedule: \"0 */2 * * *\"\n"}) {                          // every 2 hours
    Diagnostics diags;
    Rules(schedule, diags);
    ASSERT_TRUE(diags.HasErrors()) << schedule;
    EXPECT_EQ(diags.items()[0].id, "RK-EMIT-002") << schedule;
  }
}

TEST(CompileAws, NothingInAwsOrNoVaultPathIsAnError) {
  Diagnostics none;
  Compile(CompileTarget::kAws, LoadModel("api_keys:\n" + Key("a")), DefaultPolicy(), {}, none);
  ASSERT_TRUE(none.HasErrors());
  EXPECT_EQ(none.items()[0].id, "RK-EMIT-004");
  Diagnostics no_path;
  Compile(CompileTarget::kAws,
          LoadModel("api_keys:\n  - name: k\n    vault: aws-secrets-manager\n"
                    "rotation_schedules:\n  - secret: k\n    schedule: \"0 2 * * *\"\n"),
          DefaultPolicy(), {}, no_path);
  ASSERT_TRUE(no_path.HasErrors());
  EXPECT_EQ(no_path.items()[0].id, "RK-EMIT-003");
}

TEST(CompileAws, ArnVaultPathMeansSecretsManager) {
  Model m = LoadModel(
      "api_keys:\n  - name: k\n    vault_path: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/k-AbCdEf\n"
      "rotation_schedules:\n  - secret: k\n    schedule: \"0 2 * * *\"\n");
  EXPECT_EQ(m.keys[0].EffectiveVault(), VaultKind::kAwsSecretsManager);
  EXPECT_TRUE(Has(Only(CompileTarget::kAws, m), "\"SecretId\": \"arn:aws:secretsmanager:"));
}

// ---- the YAML writer ---------------------------------------------------------

TEST(YamlValue, ScalarsReadBackAsWritten) {
  const std::vector<std::string> tricky = {"true",
                                           "no",
                                           "0 2 * * *",
                                           "a: b",
                                           "#x",
                                           "-x",
                                           "",
                                           "50m",
                                           "it's",
                                           "say \"hi\"",
                                           "tab\there",
                                           "{{ $labels.key }}",
                                           "line1\nline2\n",
                                           "{{- with secret \"p\" -}}\nK={{ .Data.data.key }}\n{{- end }}"};
  YamlValue doc = YamlValue::Map();
  YamlValue list = YamlValue::Seq();
  for (size_t i = 0; i < tricky.size(); ++i) {
    doc.Set("k" + std::to_string(i), tricky[i]);
    list.Push(tricky[i]);
  }
  doc.Set("list", std::move(list), "a comment");
  Diagnostics diags;
  std::optional<YamlNode> tree = ParseYamlTree(doc.Emit(), "x.yaml", diags);
  ASSERT_TRUE(tree) << doc.Emit();
  for (size_t i = 0; i < tricky.size(); ++i) {
    const YamlNode* v = tree->Find("k" + std::to_string(i));
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->scalar, tricky[i]) << doc.Emit();
    EXPECT_EQ(tree->Find("list")->items[i].scalar, tricky[i]);
  }
}

}  // namespace
}  // namespace rekey
