#include <gtest/gtest.h>

#include <set>

#include "rekey/model/loader.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

namespace rekey {
namespace {

const char kGoodKey[] = R"(  - name: NAME
    provider: Stripe
    environment: production
    used_by: [payment-service]
    vault_path: secret/prod/NAME
    rotation_frequency: 30d
    supports_dual_key: true
    provider_api: https://api.stripe.com/v1/api_keys
    criticality: high
)";

std::string Key(const std::string& name) {
  std::string text = kGoodKey;
  for (size_t at; (at = text.find("NAME")) != std::string::npos;) text.replace(at, 4, name);
  return text;
}

std::string Schedule(const std::string& secret, const std::string& provider = "stripe") {
  return "  - secret: " + secret + "\n    provider: " + provider + "\n    schedule: \"0 2 1,15 * *\"\n";
}

std::vector<std::string> Ids(const std::string& text, const Policy& policy = DefaultPolicy()) {
  Model model;
  Diagnostics diags;
  LoadModelText(text, "inv.yaml", model, diags);
  EXPECT_FALSE(diags.HasErrors()) << FormatDiagnostic(diags.items()[0]);
  ResolveSchedules(model);
  std::vector<std::string> ids;
  for (const Violation& v : Evaluate(model, policy, Timestamp())) ids.push_back(v.id + "@" + std::to_string(v.loc.line));
  return ids;
}

struct Case {
  const char* name;
  std::string text;
  std::vector<std::string> expected;
};

TEST(Checks, PositiveAndNegativeCases) {
  const Case cases[] = {
      {"clean", "api_keys:\n" + Key("a") + "rotation_schedules:\n" + Schedule("a"), {}},
      {"INV-001 missing fields", "api_keys:\n  - name: a\n    provider: Stripe\nrotation_schedules:\n" + Schedule("a"),
       {"RK-INV-001@2"}},
      {"INV-002 duplicate name", "api_keys:\n" + Key("a") + Key("a") + "rotation_schedules:\n" + Schedule("b"),
       {"RK-INV-003@2", "RK-INV-003@11", "RK-INV-002@11", "RK-INV-002@15", "RK-INV-003@21"}},
      {"INV-003 unresolved", "api_keys:\n" + Key("a") + "rotation_schedules:\n" + Schedule("prod/b"),
       {"RK-INV-003@2", "RK-INV-003@12"}},
      {"INV-003 provider mismatch", "api_keys:\n" + Key("a") + "rotation_schedules:\n" + Schedule("a", "twilio"),
       {"RK-INV-003@13"}},
      {"INV-003 provider punctuation-insensitive",
       "api_keys:\n" + Key("a") + "rotation_schedules:\n" + Schedule("prod/a", "S-T-R-I-P-E"), {}},
      {"INV-003 two schedules", "api_keys:\n" + Key("a") + "rotation_schedules:\n" + Schedule("a") + Schedule("a"),
       {"RK-INV-003@15"}},
  };
  for (const Case& c : cases) EXPECT_EQ(Ids(c.text), c.expected) << c.name;
}

TEST(Checks, PolicyDisablesAndRescoresChecks) {
  Model model;
  Diagnostics diags;
  LoadModelText("api_keys:\n  - name: a\n", "inv.yaml", model, diags);
  Policy policy = DefaultPolicy();
  policy.mutable_checks()["RK-INV-003"].enabled = false;
  policy.mutable_checks()["RK-INV-001"].severity = Severity::kWarning;
  std::vector<Violation> v = Evaluate(model, policy, Timestamp());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].id, "RK-INV-001");
  EXPECT_EQ(v[0].severity, Severity::kWarning);
}

TEST(Catalogue, IdsAreUniqueAndDocumented) {
  std::set<std::string> ids;
  for (const Check* c : AllChecks()) {
    EXPECT_TRUE(ids.insert(c->id).second) << c->id;
    EXPECT_NE(std::string(c->rationale), "");
    EXPECT_NE(std::string(c->fix), "");
    EXPECT_EQ(FindCheck(c->id), c);
  }
}

TEST(Policy, EmbeddedDefaultIsValidAndCoversEveryCheck) {
  Diagnostics diags;
  Policy policy = LoadPolicy("", diags);
  EXPECT_FALSE(diags.HasErrors());
  for (const Check* c : AllChecks()) EXPECT_NE(policy.Find(c->id), nullptr) << c->id << " missing from default.yaml";
  ASSERT_NE(EmbeddedPolicyText("default"), nullptr);
}

}  // namespace
}  // namespace rekey
