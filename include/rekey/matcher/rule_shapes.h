// CheckRuleShapes: every rule finds its secrets in every shape code and config
// write them in. Each positive example's token is rendered into the shapes of
// Shapes() — Python, JS/TS, Go, Java, Kotlin, C#, PHP, Ruby, Rust, Swift,
// shell, make, Dockerfile, YAML, JSON (also escaped inside a JSON string),
// TOML, INI, .properties, XML, HCL, .env, logstash, log lines, Jenkins
// credentials.xml, URL userinfo, HTTP Authorization headers — with the name it
// is assigned to in camelCase, snake_case, kebab-case and SCREAMING_CASE, and
// the Matcher must report it there: by the rule itself, or by a generic rule
// when the shape carries no name the rule could know (a Bearer header, URL
// userinfo): a Generic rule (IsGenericRule) or one whose provider the
// provider catalog marks generic (a format: JWT, private keys).
//
// The token is the rule's full match for a rule without `context:` (the whole
// key, prefix included) and the captured value for a rule with one; the name
// is the identifier around the context match in the example, or the provider's
// name + "_key" without context. A token that contains a shape's quote,
// whitespace where the shape has none, or line breaks in a one-line shape is
// not rendered into it; multi-line tokens (PEM blocks) get the multi-line
// shapes (escaped "\n" strings, heredocs, Markdown fences, block scalars).
//
// Problems are redacted (RedactSecret). Thread-safety: pure function.
//
//   ShapeReport report = CheckRuleShapes(*db);
//   for (const ShapeProblem& p : report.problems) Print(p);
#ifndef REKEY_MATCHER_RULE_SHAPES_H_
#define REKEY_MATCHER_RULE_SHAPES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rules_database.h"

namespace rekey {

// A name split into lowercase words ("DD_API_KEY", "ddApiKey" -> dd api key).
struct NameWords {
  std::vector<std::string> words;
  std::string Snake() const;      // dd_api_key
  std::string Camel() const;      // ddApiKey
  std::string Pascal() const;     // DdApiKey
  std::string Kebab() const;      // dd-api-key
  std::string Screaming() const;  // DD_API_KEY
  std::string Dotted() const;     // dd.api.key
};
NameWords SplitName(std::string_view name);

// One rendering: `text` holds the token at [token_start, token_end) (for the
// Basic-auth shape, its base64 form).
struct ShapeText {
  std::string text;
  std::size_t token_start = 0, token_end = 0;
};

struct Shape {
  std::string_view name;  // "go-short-assign", "yaml-block-scalar", ...
  bool multiline;         // for tokens with line breaks (PEM blocks)
  // Renders `token` under `name`; false when the token cannot be written so.
  bool (*render)(const NameWords& name, std::string_view token, ShapeText& out);
};
const std::vector<Shape>& Shapes();

struct ShapeProblem {
  std::string rule_id;
  SourceLoc loc;         // the example in its rule file
  std::string example;   // "example 2"
  std::string shape;     // Shape::name
  std::string rendered;  // the rendered text with the token redacted
};

struct ShapeReport {
  std::size_t rules = 0;
  std::size_t renders = 0;  // example x shape renderings checked
  std::size_t skipped = 0;  // renderings the token could not be written in
  std::size_t extra = 0;    // matches outside the token (the shape's own text reported)
  std::vector<ShapeProblem> problems;
};

// Checks every vendor rule, and every generic rule with `context:` (the
// generic shape rules — Bearer headers, URL userinfo, PEM blocks — are the
// fallback, not the subject); `only_rule` (an id) limits it to one rule.
ShapeReport CheckRuleShapes(const RulesDatabase& db, std::string_view only_rule = "");

}  // namespace rekey

#endif  // REKEY_MATCHER_RULE_SHAPES_H_
