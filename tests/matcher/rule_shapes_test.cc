#include "rekey/matcher/rule_shapes.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "matcher/test_rules.h"
#include "rekey/base/base64.h"

namespace rekey {
namespace {

std::shared_ptr<const RulesDatabase> Build(const std::string& yaml) {
  Diagnostics diags;
  auto db = testing::BuildDatabase(yaml, CacheOptions{false, ""}, diags);
  EXPECT_TRUE(diags.empty()) << (diags.empty() ? "" : FormatDiagnostic(diags.items()[0]));
  return db;
}

// The generic rules a shape without a name falls back to.
std::string GenericRules() {
  return "  - id: generic.bearer\n    name: Bearer\n    provider: Generic\n    severity: medium\n"
         "    pattern: '(?i:bearer|token)[ \\t]{1,4}([A-Za-z0-9_.~+/-]{20,}=*)'\n"
         "    examples: [x]\n    negative_examples: [y]\n"
         "  - id: generic.basic\n    name: Basic\n    provider: Generic\n    severity: medium\n"
         "    pattern: '(?i:basic)[ \\t]{1,4}([A-Za-z0-9+/]{16,}={0,2})'\n"
         "    examples: [x]\n    negative_examples: [y]\n"
         "  - id: generic.userinfo\n    name: Userinfo\n    provider: Generic\n    severity: medium\n"
         "    pattern: '(?:https?://|curl[^\\n]{0,40}-u[ \\t]{1,4})[A-Za-z0-9._-]{1,40}:([^@ \\t\\r\\n\"]{8,})'\n"
         "    examples: [x]\n    negative_examples: [y]\n"
         "  - id: generic.secret-element\n    name: Secret element\n    provider: Generic\n    severity: medium\n"
         "    pattern: '<secret>([^<]{16,})</secret>'\n"
         "    examples: [x]\n    negative_examples: [y]\n";
}

// A context rule: a 32-hex key after an "acme ... api key" name.
std::string ContextRules(const std::string& example, const std::string& context) {
  return "rules:\n"
         "  - id: acme.api-key\n    name: Acme API key\n    provider: Acme\n    severity: high\n"
         "    context: '" +
         context +
         "'\n"
         "    pattern: '([a-f0-9]{32})\\b'\n    min_entropy: 3.0\n"
         "    examples: ['" +
         example + "']\n    negative_examples: ['ACME_API_KEY=xyz']\n" + GenericRules();
}

TEST(SplitName, SplitsEveryCase) {
  const std::vector<std::string> words = {"dd", "api", "key"};
  EXPECT_EQ(SplitName("DD_API_KEY").words, words);
  EXPECT_EQ(SplitName("ddApiKey").words, words);
  EXPECT_EQ(SplitName("dd-api-key").words, words);
  EXPECT_EQ(SplitName("DdApiKey").words, words);
  EXPECT_EQ(SplitName("DDAPIKey").words, (std::vector<std::string>{"ddapi", "key"}));
  const NameWords n = SplitName("dd_api_key");
  EXPECT_EQ(n.Camel(), "ddApiKey");
  EXPECT_EQ(n.Pascal(), "DdApiKey");
  EXPECT_EQ(n.Kebab(), "dd-api-key");
  EXPECT_EQ(n.Screaming(), "DD_API_KEY");
  EXPECT_EQ(n.Dotted(), "dd.api.key");
}

TEST(Shapes, AtLeastThirtyOneLineShapesWithDistinctNames) {
  std::set<std::string_view> names;
  size_t one_line = 0;
  for (const Shape& s : Shapes()) {
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    if (!s.multiline) ++one_line;
  }
  EXPECT_GE(one_line, 30u);
}

TEST(Shapes, BasicShapeHoldsTheBase64OfUserAndToken) {
  for (const Shape& s : Shapes()) {
    if (s.name != "authorization-basic") continue;
    ShapeText out;
    ASSERT_TRUE(s.render(SplitName("x"), "tok3n", out));
    EXPECT_EQ(out.text.substr(out.token_start, out.token_end - out.token_start), Base64Encode("deploy:tok3n"));
  }
}

TEST(RuleShapes, ContextRuleIsFoundInEveryShape) {
  std::mt19937 rng(7);
  const std::string key = testing::RandomHex(rng, 32);
  auto db = Build(ContextRules("ACME_API_KEY=" + key, "acme[_.-]?api[_.-]?key"));
  ASSERT_NE(db, nullptr);
  const ShapeReport report = CheckRuleShapes(*db);
  EXPECT_EQ(report.rules, 1u);
  EXPECT_GE(report.renders, 50u);
  for (const ShapeProblem& p : report.problems) ADD_FAILURE() << p.shape << ":\n" << p.rendered;
}

TEST(RuleShapes, RuleWithoutContextIsCheckedWithItsWholeMatch) {
  std::mt19937 rng(8);
  const std::string key = testing::RandomHex(rng, 32);
  const std::string yaml =
      "rules:\n  - id: acme.api-key\n    name: Acme\n    provider: Acme\n    severity: high\n"
      "    pattern: 'ACME_API_KEY=([a-f0-9]{32})\\b'\n"
      "    examples: ['ACME_API_KEY=" +
      key + "']\n    negative_examples: ['ACME_API_KEY=xyz']\n" + GenericRules();
  auto db = Build(yaml);
  ASSERT_NE(db, nullptr);
  const ShapeReport report = CheckRuleShapes(*db);
  // The token is the whole match (no context:), found wherever it is written
  // whole: a pattern that spells out a variable name passes vacuously, which
  // is why such rules are written with context: (rules/README.md).
  for (const ShapeProblem& p : report.problems) ADD_FAILURE() << p.shape << ":\n" << p.rendered;
  EXPECT_GE(report.renders, 30u);
}

TEST(RuleShapes, ContextThatMissesCamelCaseIsReported) {
  std::mt19937 rng(9);
  const std::string key = testing::RandomHex(rng, 32);
  // Separators required between the words: ddApiKey / AcmeApiKey never match.
  auto db = Build(ContextRules("ACME_API_KEY=" + key, "acme[_.-]api[_.-]key"));
  ASSERT_NE(db, nullptr);
  const ShapeReport report = CheckRuleShapes(*db);
  std::set<std::string> missed;
  for (const ShapeProblem& p : report.problems) {
    missed.insert(p.shape);
    EXPECT_EQ(p.rendered.find(key), std::string::npos) << "the token is redacted";
  }
  EXPECT_TRUE(missed.count("js-const")) << "camelCase name";
  EXPECT_TRUE(missed.count("csharp-verbatim")) << "PascalCase name";
  EXPECT_FALSE(missed.count("python-assign")) << "snake_case name matches";
  EXPECT_FALSE(missed.count("authorization-bearer")) << "generic fallback";
}

}  // namespace
}  // namespace rekey
