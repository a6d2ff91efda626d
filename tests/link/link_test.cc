// The link step: environment hints from paths, service path globs, which
// inventory key a finding is (linked, ambiguous, unmanaged, generic), the
// exposures handed to policy and plan, and the unmanaged-key stub.
#include <gtest/gtest.h>

#include "rekey/link/exposures.h"
#include "rekey/link/linker.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

struct EnvCase {
  const char* path;
  const char* environment;  // "" = none
  const char* evidence;
};

TEST(EnvironmentFromPath, NearestSegmentThatNamesAnEnvironmentWins) {
  const EnvCase cases[] = {
      {"payment-service/config/prod.env", "production", "file name \"prod.env\""},
      {"svc/.env.production", "production", "file name \".env.production\""},
      {"deploy/staging/app.yaml", "staging", "directory \"staging/\""},
      {"prod/config/dev.env", "development", "file name \"dev.env\""},
      {"k8s/stg/secret.yaml", "staging", "directory \"stg/\""},
      {"src/test/fixtures.env", "", ""},     // "test" names test directories, not environments
      {"product/catalog/keys.txt", "", ""},  // a token, not a prefix: "product" is not "prod"
      {"app.env", "", ""},
  };
  for (const EnvCase& c : cases) {
    SCOPED_TRACE(c.path);
    const std::optional<EnvironmentHint> hint = EnvironmentFromPath(c.path);
    if (std::string(c.environment).empty()) {
      EXPECT_FALSE(hint.has_value()) << hint->environment;
      continue;
    }
    ASSERT_TRUE(hint.has_value());
    EXPECT_EQ(hint->environment, c.environment);
    EXPECT_EQ(hint->evidence, c.evidence);
  }
}

TEST(EnvironmentFromPath, CanonicalNamesFoldTheUsualSpellings) {
  EXPECT_EQ(CanonicalEnvironmentName("prod"), "production");
  EXPECT_EQ(CanonicalEnvironmentName("Production"), "production");
  EXPECT_EQ(CanonicalEnvironmentName("stg"), "staging");
  EXPECT_EQ(CanonicalEnvironmentName("dev"), "development");
  EXPECT_EQ(CanonicalEnvironmentName("EU-West"), "euwest");
}

TEST(ServicePathMatches, GlobMatchesThePathOrATrailingPartAtADirectory) {
  EXPECT_TRUE(ServicePathMatches("payment-service/**", "payment-service/config/prod.env"));
  EXPECT_TRUE(ServicePathMatches("payment-service/**", "./payment-service/config/prod.env"));
  EXPECT_TRUE(ServicePathMatches("payment-service/**", "repo/payment-service/config/prod.env"));
  EXPECT_TRUE(ServicePathMatches("./svc/*.env", "svc/a.env"));
  EXPECT_FALSE(ServicePathMatches("payment-service/**", "payment-service-old/config/prod.env"));
  EXPECT_FALSE(ServicePathMatches("payment-service/**", "repo/xpayment-service/a.env"));
  EXPECT_FALSE(ServicePathMatches("svc/*.env", "svc/deep/a.env"));
}

// Two Stripe keys (production, staging) with their services, a SendGrid key
// under the catalog alias "Twilio SendGrid", and no Twilio key at all.
const char kModel[] = R"(api_keys:
  - name: stripe-prod
    provider: Stripe
    environment: production
    used_by: [payments]
  - name: stripe-staging
    provider: stripe
    environment: staging
    used_by: [payments-staging]
  - name: mail
    provider: Twilio SendGrid
    environment: production
    used_by: [mailer]
services:
  - name: payments
    paths: ["payments/**"]
  - name: payments-staging
    environment: staging
    paths: ["payments-staging/**"]
  - name: mailer
    paths: ["mailer/**"]
)";

class LinkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diags;
    LoadModelText(kModel, "model.yaml", model_, diags);
    ASSERT_FALSE(diags.HasErrors());
    ResolveSchedules(model_);
  }
  Finding At(const std::string& rule, const std::string& provider, const std::string& path) const {
    Finding f;
    f.rule_id = rule;
    f.provider = provider;
    f.path = path;
    f.line = 2;
    f.column = 7;
    f.severity = RuleSeverity::kCritical;
    f.secret_redacted = "sk_l\u2026(32 chars)";
    f.fingerprint = std::string(64, 'a');
    return f;
  }
  InventoryLink Link(const Finding& f) const { return Linker(model_, ProviderCatalog::Builtin()).Link(f); }

  Model model_;
};

TEST_F(LinkerTest, EnvironmentInThePathPicksTheKey) {
  const InventoryLink link = Link(At("stripe.secret-key", "Stripe", "deploy/prod/app.env"));
  EXPECT_EQ(link.status, LinkStatus::kLinked);
  ASSERT_EQ(link.keys.size(), 1u);
  EXPECT_EQ(link.keys[0].name, "stripe-prod");
  EXPECT_EQ(link.keys[0].consumers, std::vector<std::string>{"payments"});
  EXPECT_EQ(link.environment, "production");
  EXPECT_NE(link.reason.find("production from the directory \"prod/\""), std::string::npos) << link.reason;
}

TEST_F(LinkerTest, ConsumingServiceAndItsDeclaredEnvironmentPickTheKey) {
  const InventoryLink link = Link(At("stripe.secret-key", "Stripe", "payments-staging/config.js"));
  EXPECT_EQ(link.status, LinkStatus::kLinked);
  ASSERT_EQ(link.keys.size(), 1u);
  EXPECT_EQ(link.keys[0].name, "stripe-staging");
  EXPECT_EQ(link.services, std::vector<std::string>{"payments-staging"});
  EXPECT_EQ(link.environment, "staging");
  EXPECT_NE(link.reason.find("inside payments-staging (payments-staging/**), which uses it"), std::string::npos)
      << link.reason;
}

TEST_F(LinkerTest, NoHintLeavesEveryCandidate) {
  const InventoryLink link = Link(At("stripe.secret-key", "Stripe", "scripts/setup.sh"));
  EXPECT_EQ(link.status, LinkStatus::kAmbiguous);
  ASSERT_EQ(link.keys.size(), 2u);
  EXPECT_EQ(link.keys[0].name, "stripe-prod");
  EXPECT_EQ(link.keys[1].name, "stripe-staging");
  EXPECT_NE(link.reason.find("equally likely: stripe-prod, stripe-staging"), std::string::npos) << link.reason;
}

TEST_F(LinkerTest, AHintThatMatchesNoCandidateIsSkippedAndSaid) {
  const InventoryLink link = Link(At("stripe.secret-key", "Stripe", "dev/app.env"));
  EXPECT_EQ(link.status, LinkStatus::kAmbiguous);
  EXPECT_EQ(link.keys.size(), 2u);
  EXPECT_NE(link.reason.find("but no candidate is in development"), std::string::npos) << link.reason;
}

TEST_F(LinkerTest, CatalogAliasesLinkTheInventorysSpelling) {
  const InventoryLink link = Link(At("sendgrid.api-key", "SendGrid", "mailer/settings.py"));
  EXPECT_EQ(link.status, LinkStatus::kLinked);
  ASSERT_EQ(link.keys.size(), 1u);
  EXPECT_EQ(link.keys[0].name, "mail");
  EXPECT_EQ(link.provider, "SendGrid");
}

TEST_F(LinkerTest, AProviderWithNoInventoryKeyIsUnmanaged) {
  const InventoryLink link = Link(At("twilio.api-key", "Twilio", "sms/.env.production"));
  EXPECT_EQ(link.status, LinkStatus::kUnmanaged);
  EXPECT_TRUE(link.keys.empty());
  EXPECT_EQ(link.provider, "Twilio");
  EXPECT_EQ(link.environment, "production");
}

TEST_F(LinkerTest, GenericRulesAreNotLinked) {
  const InventoryLink link = Link(At("generic.password-assignment", "Generic", "payments/db.py"));
  EXPECT_EQ(link.status, LinkStatus::kUnknownProvider);
  EXPECT_TRUE(link.keys.empty());
  EXPECT_EQ(link.services, std::vector<std::string>{"payments"});
}

TEST_F(LinkerTest, ExposuresOnePerCandidateUnmanagedGroupedWithAStub) {
  std::vector<Finding> findings = {
      At("stripe.secret-key", "Stripe", "scripts/setup.sh"), At("stripe.secret-key", "Stripe", "payments/prod.env"),
      At("twilio.api-key", "Twilio", "sms/.env.production"), At("twilio.api-key", "Twilio", "sms/.env.staging"),
      At("generic.password-assignment", "Generic", "payments/db.py")};
  LinkFindings(findings, Linker(model_, ProviderCatalog::Builtin()));
  const LinkedExposures linked = CollectExposures(findings, ProviderCatalog::Builtin());
  ASSERT_EQ(linked.exposures.size(), 5u);  // 2 ambiguous + 1 linked + 2 unmanaged; generic: none
  EXPECT_EQ(linked.exposures[0].key, "stripe-prod");
  EXPECT_TRUE(linked.exposures[0].ambiguous);
  EXPECT_EQ(linked.exposures[1].key, "stripe-staging");
  EXPECT_EQ(linked.exposures[2].key, "stripe-prod");
  EXPECT_FALSE(linked.exposures[2].ambiguous);
  EXPECT_EQ(linked.exposures[2].services, std::vector<std::string>{"payments"});
  EXPECT_EQ(linked.exposures[3].key, "");
  ASSERT_EQ(linked.unmanaged.size(), 1u);
  const UnmanagedProvider& twilio = linked.unmanaged[0];
  EXPECT_EQ(twilio.provider, "Twilio");
  EXPECT_EQ(twilio.exposures.size(), 2u);
  // One entry per environment the findings suggest, catalog facts with their source.
  EXPECT_NE(twilio.stub.find("  - name: twilio-api-key "), std::string::npos) << twilio.stub;
  EXPECT_NE(twilio.stub.find("  - name: twilio-staging-api-key "), std::string::npos) << twilio.stub;
  EXPECT_NE(twilio.stub.find("    environment: production"), std::string::npos) << twilio.stub;
  EXPECT_NE(twilio.stub.find("supports_dual_key: true             # documented for API keys: https://"),
            std::string::npos)
      << twilio.stub;
  EXPECT_NE(twilio.stub.find("rotation_frequency: TODO"), std::string::npos) << twilio.stub;
  EXPECT_EQ(twilio.stub.find("sk_l"), std::string::npos);  // no secret, not even redacted
}

TEST(InventoryStub, ProviderWithoutCatalogFactsLeavesThemTodo) {
  Exposure e;
  e.provider = "Acme Cloud";
  e.services = {"web"};
  const std::string stub = InventoryStub("Acme Cloud", {e}, nullptr);
  EXPECT_NE(stub.find("  - name: acme-cloud-api-key "), std::string::npos) << stub;
  EXPECT_NE(stub.find("    provider: Acme Cloud\n"), std::string::npos) << stub;
  EXPECT_NE(stub.find("    environment: TODO "), std::string::npos) << stub;
  EXPECT_NE(stub.find("    used_by: [web] "), std::string::npos) << stub;
  EXPECT_NE(stub.find("    supports_dual_key: TODO "), std::string::npos) << stub;
}

TEST(PolicyProviderFacts, OnlyProvidersThatStateAFactWithTheirNames) {
  const std::vector<ProviderFacts> facts = PolicyProviderFacts(ProviderCatalog::Builtin());
  ASSERT_FALSE(facts.empty());
  const ProviderFacts* stripe = FindProviderFacts(facts, "stripe");
  ASSERT_NE(stripe, nullptr);
  EXPECT_EQ(stripe->dual_key, true);
  EXPECT_FALSE(stripe->references.empty());
  EXPECT_NE(FindProviderFacts(facts, "Twilio SendGrid"), nullptr);  // aliases come along
  for (const ProviderFacts& f : facts) {
    EXPECT_TRUE(f.dual_key || f.max_active_keys || f.reports_last_use || f.key_creation_limit) << f.name;
  }
}

}  // namespace
}  // namespace rekey
