// The provider catalog: the shipped rules/providers/*.yaml load cleanly and
// agree with the shipped rules (every rule under exactly one provider, named
// alike), lookups by name, alias and rule, and the loader's diagnostics.
#include "rekey/rules/provider_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "rekey/rules/rule_set.h"

namespace rekey {
namespace {

std::string All(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += FormatDiagnostic(d) + "\n";
  return out;
}

TEST(ProviderCatalog, ShippedCatalogLoadsCleanlyAndCoversEveryBuiltinRule) {
  Diagnostics diags;
  ProviderCatalog catalog;
  const std::filesystem::path dir = std::filesystem::path(REKEY_SOURCE_DIR) / "rules" / "providers";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_TRUE(catalog.AddFile(entry.path().string(), diags)) << entry.path();
  }
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags));
  catalog.CheckRuleIds(rules, diags);
  EXPECT_TRUE(diags.empty()) << All(diags);
  EXPECT_EQ(catalog.providers().size(), ProviderCatalog::Builtin().providers().size());
  for (const Rule& rule : rules.rules()) {
    const Provider* p = catalog.FindByRule(rule.id);
    ASSERT_NE(p, nullptr) << rule.id << " is under no provider in rules/providers/";
    EXPECT_TRUE(ProviderCatalog::Names(*p, rule.provider))
        << rule.id << ": rule provider " << rule.provider << " vs catalog " << p->name;
    if (IsGenericRule(rule)) EXPECT_TRUE(p->generic) << rule.id;  // the catalog may know more formats as generic
  }
}

TEST(ProviderCatalog, FindsByNameAliasAndRule) {
  const ProviderCatalog& catalog = ProviderCatalog::Builtin();
  const Provider* stripe = catalog.FindByRule("stripe.secret-key");
  ASSERT_NE(stripe, nullptr);
  EXPECT_EQ(stripe->name, "Stripe");
  EXPECT_EQ(catalog.FindByName("STRIPE"), stripe);
  EXPECT_EQ(stripe->rotation.dual_key, true);
  EXPECT_FALSE(stripe->references.empty());
  const Provider* sendgrid = catalog.FindByName("Twilio SendGrid");  // an alias
  ASSERT_NE(sendgrid, nullptr);
  EXPECT_EQ(sendgrid->name, "SendGrid");
  EXPECT_EQ(catalog.FindByName("No Such Vendor"), nullptr);
  EXPECT_EQ(catalog.FindByRule("no.such-rule"), nullptr);
}

struct BadCatalog {
  const char* name;
  std::string yaml;
  const char* id;
};

TEST(ProviderCatalog, ProblemsAreNamedDiagnostics) {
  const std::vector<BadCatalog> cases = {
      {"alias used twice", "providers:\n  - name: Acme\n  - name: Other\n    aliases: [ACME]\n", "RK-PROV-001"},
      {"rule under two providers",
       "providers:\n  - name: Acme\n    rules: [acme.key]\n  - name: Other\n    rules: [acme.key]\n", "RK-PROV-002"},
      {"facts without references", "providers:\n  - name: Acme\n    rotation: {dual_key: true}\n", "RK-PROV-004"},
      {"dual key with one active key",
       "providers:\n  - name: Acme\n    rotation: {dual_key: true, max_active_keys: 1}\n    references: "
       "[https://a.test]\n",
       "RK-PROV-004"},
      {"count below one",
       "providers:\n  - name: Acme\n    rotation: {key_creation_limit: {count: 0, per: 1h}}\n    references: "
       "[https://a.test]\n",
       "RK-PROV-004"},
      {"unknown field", "providers:\n  - name: Acme\n    rotaton: {}\n", "RK-YAML-004"},
      {"not a list", "providers: {name: Acme}\n", "RK-PROV-004"},
  };
  for (const BadCatalog& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diags;
    ProviderCatalog catalog;
    EXPECT_FALSE(catalog.AddText(c.yaml, "p.yaml", diags));
    ASSERT_FALSE(diags.items().empty());
    EXPECT_EQ(diags.items()[0].id, c.id) << All(diags);
    EXPECT_GT(diags.items()[0].loc.line, 0) << All(diags);
  }
}

TEST(ProviderCatalog, RuleIdsThatNameNoRuleAreReported) {
  Diagnostics diags;
  ProviderCatalog catalog;
  ASSERT_TRUE(catalog.AddText("providers:\n  - name: Acme\n    rules: [stripe.secret-keyy]\n", "p.yaml", diags));
  RuleSet rules;
  ASSERT_TRUE(rules.AddBuiltins(diags));
  catalog.CheckRuleIds(rules, diags);
  ASSERT_EQ(diags.items().size(), 1u) << All(diags);
  EXPECT_EQ(diags.items()[0].id, "RK-PROV-003");
  EXPECT_NE(diags.items()[0].hint.find("stripe.secret-key"), std::string::npos) << All(diags);  // did you mean
}

}  // namespace
}  // namespace rekey
