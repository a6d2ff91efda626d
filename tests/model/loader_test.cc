#include "rekey/model/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace rekey {
namespace {

Model Load(const std::string& text, Diagnostics& diags) {
  Model model;
  LoadModelText(text, "inv.yaml", model, diags);
  ResolveSchedules(model);
  return model;
}

const char kSeedKey[] = R"(api_keys:
  - name: stripe-api-key
    provider: Stripe
    environment: production
    used_by: [payment-service, billing-service]
    vault_path: secret/prod/stripe/api-key
    rotation_frequency: 1d12h
    supports_dual_key: true
    provider_api: https://api.stripe.com/v1/api_keys
    criticality: high
    last_rotated: 2026-11-01T02:00:00Z
services:
  - name: payment-service
    reads_via: vault-agent
    refresh: 5m
rotation_schedules:
  - secret: prod/stripe-api-key
    schedule: "0 2 1 * *"
    timezone: Europe/Berlin
    dialect: posix
    grace_period: 2h
    alert_on_failure: true
)";

TEST(Loader, ParsesTypedValuesWithLocations) {
  Diagnostics diags;
  Model model = Load(kSeedKey, diags);
  ASSERT_FALSE(diags.HasErrors()) << FormatDiagnostic(diags.items()[0]);
  ASSERT_EQ(model.keys.size(), 1u);
  const ApiKey& key = model.keys[0];
  EXPECT_EQ(key.rotation_frequency, Duration::Hours(36));
  EXPECT_EQ(key.criticality, Criticality::kHigh);
  EXPECT_EQ(key.supports_dual_key, true);
  EXPECT_EQ(key.used_by->size(), 2u);
  EXPECT_EQ(key.last_rotated->ToRfc3339(), "2026-11-01T02:00:00Z");
  EXPECT_EQ(key.loc, (SourceLoc{"inv.yaml", 2, 5}));
  EXPECT_EQ(key.LocOf("rotation_frequency"), (SourceLoc{"inv.yaml", 7, 25}));
  ASSERT_EQ(model.services.size(), 1u);
  EXPECT_EQ(model.services[0].reads_via, ReadsVia::kVaultAgent);
  EXPECT_EQ(model.services[0].refresh, Duration::Minutes(5));
  ASSERT_EQ(model.schedules.size(), 1u);
  EXPECT_EQ(model.schedules[0].grace_period, Duration::Hours(2));
  EXPECT_EQ(model.schedules[0].timezone, "Europe/Berlin");
  EXPECT_FALSE(model.schedules[0].rollback_on_failure.has_value());
}

TEST(Loader, ReportsEveryProblemInOneRun) {
  Diagnostics diags;
  Load(R"(api_keys:
  - name: a
    rotation_frequncy: 30d
    supports_dual_key: "yes please"
    criticality: hgh
  - provider: Stripe
    rotation_frequency: 30 days
)",
       diags);
  std::vector<std::string> ids;
  for (const Diagnostic& d : diags.items()) ids.push_back(d.id + "@" + std::to_string(d.loc.line));
  EXPECT_EQ(ids, (std::vector<std::string>{"RK-YAML-004@3", "RK-YAML-006@4", "RK-YAML-007@5", "RK-YAML-005@6",
                                           "RK-YAML-007@7"}));
}

TEST(Loader, QuotedBooleanIsAString) {
  Diagnostics diags;
  Load("api_keys:\n  - name: a\n    supports_dual_key: \"true\"\n", diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.items()[0].hint.find("without quotes"), std::string::npos);
}

TEST(Loader, ValuesThatLookLikeSecretsAreNotEchoed) {
  // Assembled at test time: an obviously fake, high-entropy token.
  const std::string fake = std::string("FAKE") + "tok9Qz7Xw2Lm4Np8Rv6Ts1Kb3Hd";
  for (const std::string field : {"supports_dual_key", "criticality", "rotation_frequency", "provider_api"}) {
    Diagnostics diags;
    Load("api_keys:\n  - name: a\n    " + field + ": " + fake + "\n", diags);
    ASSERT_EQ(diags.error_count(), 1u) << field;
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ((d.message + d.hint).find(fake), std::string::npos) << field << ": " << d.message;
    EXPECT_NE(d.message.find("FAKE\u2026(31 chars)"), std::string::npos) << field << ": " << d.message;
  }
}

TEST(Loader, DuplicateMappingKeyIsAnError) {
  Diagnostics diags;
  Load("api_keys:\n  - name: a\n    name: b\n", diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-YAML-008");
  EXPECT_EQ(diags.items()[0].loc.line, 3);
}

TEST(Loader, AliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
  }
  Diagnostics diags;
  Load(text, diags);
  ASSERT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.items()[0].id, "RK-YAML-009");
}

TEST(Loader, BomAndCrlfAreAccepted) {
  Diagnostics diags;
  Model model = Load(
      "\xEF\xBB\xBF"
      "api_keys:\r\n  - name: a\r\n    provider: Stripe\r\n",
      diags);
  EXPECT_FALSE(diags.HasErrors());
  ASSERT_EQ(model.keys.size(), 1u);
  EXPECT_EQ(model.keys[0].provider, "Stripe");
}

struct ResolveCase {
  const char* secret;
  Resolution::Status status;
  const char* key_or_suggestion;
  const char* matched_by = "";  // resolved: the first of the key's aliases that names it
};

TEST(Resolve, FollowsDesignRules) {
  const char* inventory = R"(api_keys:
  - name: stripe-api-key
    environment: production
    vault_path: secret/prod/stripe/api-key
  - name: sendgrid-api-key
    environment: staging
    vault_path: kv/stage/sendgrid
  - name: internal-service-api-key
    environment: production
    vault_path: secret/prod/internal/gateway-key
  - name: twin
    environment: development
  - name: dev/twin
    environment: production
)";
  const ResolveCase cases[] = {
      {"stripe-api-key", Resolution::Status::kResolved, "stripe-api-key", "name"},
      {"secret/prod/stripe/api-key", Resolution::Status::kResolved, "stripe-api-key", "vault_path"},
      {"prod/stripe/api-key", Resolution::Status::kResolved, "stripe-api-key", "vault_path without mount"},
      {"prod/stripe-api-key", Resolution::Status::kResolved, "stripe-api-key", "<env>/<name>"},
      {"production/stripe-api-key", Resolution::Status::kResolved, "stripe-api-key", "<env>/<name>"},
      {"stg/sendgrid-api-key", Resolution::Status::kResolved, "sendgrid-api-key", "<env>/<name>"},
      {"stage/sendgrid", Resolution::Status::kResolved, "sendgrid-api-key", "vault_path without mount"},
      {"prod/internal-gateway-key", Resolution::Status::kUnresolved, "internal-service-api-key"},
      {"dev/twin", Resolution::Status::kAmbiguous, ""},
      {"qa/stripe-api-key", Resolution::Status::kUnresolved, "stripe-api-key"},
  };
  for (const ResolveCase& c : cases) {
    Diagnostics diags;
    std::string text =
        std::string(inventory) + "rotation_schedules:\n  - secret: " + c.secret + "\n    schedule: \"@daily\"\n";
    Model model = Load(text, diags);
    ASSERT_FALSE(diags.HasErrors());
    const Resolution& r = model.schedules[0].resolution;
    EXPECT_EQ(r.status, c.status) << c.secret;
    if (c.status == Resolution::Status::kResolved) {
      EXPECT_EQ(model.keys[r.key].name, c.key_or_suggestion);
      EXPECT_EQ(r.matched_by, c.matched_by) << c.secret;
    } else if (c.status == Resolution::Status::kUnresolved) {
      EXPECT_EQ(r.suggestion, c.key_or_suggestion) << c.secret;
    } else {
      EXPECT_EQ(r.candidates.size(), 2u);
    }
  }
}

TEST(Paths, ExpandsDirectoriesAndGlobsSortedOnce) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "rekey_paths_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  for (const char* name : {"b.yaml", "a.yml", "sub/c.yaml", "notes.txt"}) std::ofstream(dir / name) << "x: 1\n";
  Diagnostics diags;
  std::vector<std::string> files =
      ExpandInputPaths({dir.string(), (dir / "*.yaml").string(), (dir / "none*.yaml").string()}, diags);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(fs::path(files[0]).filename(), "a.yml");
  EXPECT_EQ(fs::path(files[2]).filename(), "c.yaml");
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-IO-002");
  fs::remove_all(dir);
}

TEST(AuditLog, ReadsEventsAndReportsBadLinesByNumber) {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "rekey_audit_test.jsonl";
  std::ofstream(file) << R"({"time":"2026-11-01T02:00:00Z","secret":"s","event":"activated","key_id":"k2"})"
                         "\n"
                      << "\n{broken\n"
                      << R"({"time":"2026-11-01T03:00:00Z","secret":"s","event":"rolled_back"})"
                         "\n";
  Model model;
  Diagnostics diags;
  LoadAuditLog(file.string(), model, diags);
  ASSERT_EQ(model.audit.size(), 2u);
  EXPECT_EQ(model.audit[0].type, AuditEventType::kActivated);
  EXPECT_EQ(model.audit[1].type, AuditEventType::kRolledBack);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].loc.line, 3);
  fs::remove(file);
}

// The journal contract (shared JOURNAL.md): every event and field `rekey apply` writes is accepted.
TEST(AuditLog, AcceptsTheJournalEventsAndFields) {
  const char* events[] = {"planned",  "locked",   "created",        "activated",  "propagating",
                          "verified", "approved", "verify_timeout", "revoke_due", "revoked",
                          "done",     "failed",   "rolled_back",    "blocked",    "unlocked"};
  std::string text;
  for (const char* e : events) {
    text += std::string(R"({"time":"2026-11-01T02:00:00Z","secret":"s","event":")") + e +
            R"(","key_id":"k2","rotation_id":"rot-s-20261101T020000Z-0a1b2c3d","previous_key_id":"k1",)"
            R"("state":")" +
            e +
            R"(","not_before":"2026-11-01T04:00:00Z","reason":"r","emergency":false,)"
            R"("actor":"rekey apply","method":"manual"})"
            "\n";
  }
  Model model;
  Diagnostics diags;
  LoadAuditLogText(text, "audit.jsonl", model, diags);
  EXPECT_TRUE(diags.empty()) << (diags.empty() ? "" : FormatDiagnostic(diags.items()[0]));
  ASSERT_EQ(model.audit.size(), std::size(events));
  for (size_t i = 0; i < std::size(events); ++i) EXPECT_EQ(AuditEventTypeName(model.audit[i].type), events[i]);
  const AuditEvent& e = model.audit[0];
  EXPECT_EQ(e.rotation_id, "rot-s-20261101T020000Z-0a1b2c3d");
  EXPECT_EQ(e.previous_key_id, "k1");
  EXPECT_EQ(e.not_before, ParseRfc3339("2026-11-01T04:00:00Z").value());
  EXPECT_EQ(e.emergency, false);
  EXPECT_EQ(e.actor, "rekey apply");
  // Wrong types and unknown events stay diagnostics.
  Diagnostics bad;
  LoadAuditLogText(R"({"time":"2026-11-01T02:00:00Z","secret":"s","event":"done","emergency":"yes"}
{"time":"2026-11-01T02:00:00Z","secret":"s","event":"done","not_before":"soon"}
{"time":"2026-11-01T02:00:00Z","secret":"s","event":"exploded"})",
                   "audit.jsonl", model, bad);
  EXPECT_EQ(bad.error_count(), 3u);
}

TEST(Loader, MonitoringVaultAndNamespace) {
  Diagnostics diags;
  Model m = Load(R"(api_keys:
  - name: k
    vault: aws-secrets-manager
    monitoring:
      auth_failures: 'http_requests_total{code=~"401|403", job = ''api''}'
      key_use: calls_total
      key_id_label: api_key_id
services:
  - name: s
    namespace: team-a
    monitoring: {revoked_key_use: '{__name__="revoked_total"}'}
)",
                 diags);
  ASSERT_TRUE(diags.empty()) << FormatDiagnostic(diags.items()[0]);
  EXPECT_EQ(m.keys[0].vault, VaultKind::kAwsSecretsManager);
  ASSERT_TRUE(m.keys[0].monitoring);
  EXPECT_EQ(m.keys[0].monitoring->key_id_label, "api_key_id");
  EXPECT_EQ(m.keys[0].monitoring->key_use, "calls_total");
  EXPECT_EQ(m.services[0].kubernetes_namespace, "team-a");
  EXPECT_EQ(m.services[0].monitoring->revoked_key_use, "{__name__=\"revoked_total\"}");
}

TEST(Loader, BadSelectorsAndNamesAreDiagnostics) {
  const char* bad[] = {"rate(x_total[5m])", "x_total[5m]", "x{code=401}", "x{code=\"401\"", "", "x{a=\"1\"} offset 5m"};
  for (const char* selector : bad) {
    Diagnostics diags;
    Load(std::string("api_keys:\n  - name: k\n    monitoring: {auth_failures: '") + selector + "'}\n", diags);
    ASSERT_EQ(diags.error_count(), 1u) << selector;
    EXPECT_EQ(diags.items()[0].id, "RK-YAML-007") << selector;
    EXPECT_NE(diags.items()[0].message.find("not a PromQL vector selector"), std::string::npos);
  }
  Diagnostics label, ns, vault;
  Load("api_keys:\n  - name: k\n    monitoring: {key_id_label: 'key-id'}\n", label);
  Load("services:\n  - name: s\n    namespace: Team_A\n", ns);
  Load("api_keys:\n  - name: k\n    vault: s3\n", vault);
  EXPECT_EQ(label.error_count(), 1u);
  EXPECT_EQ(ns.error_count(), 1u);
  EXPECT_EQ(vault.error_count(), 1u);
}

}  // namespace
}  // namespace rekey
