// Private: the built-in rules as the build embedded them (see embed_rules_main.cc).
// Each rules/*.yaml file is stored twice: its text (for `rules check` messages
// and as a fallback) and, when it parsed cleanly at build time, its rules as
// plain data, so starting rekey parses no YAML (yaml-cpp needs ~25 ms for the
// built-in set; the cold-start budget is 20 ms for a whole scan).
#ifndef REKEY_RULES_EMBEDDED_RULES_H_
#define REKEY_RULES_EMBEDDED_RULES_H_

#include <cstddef>
#include <string_view>

namespace rekey::embedded {

struct Example {
  std::string_view text;
  int line, column;
};

struct RuleData {
  std::string_view id, name, provider;
  int severity;  // RuleSeverity
  std::string_view pattern;
  std::string_view context, value_pattern;  // "" unless the rule has `context:`
  const std::string_view* keywords;
  std::size_t keyword_count;
  bool has_min_entropy;
  double min_entropy;
  bool has_hex_min_entropy;
  double hex_min_entropy;
  bool context_strict;
  int validate;  // Validator
  std::string_view ruleset;
  const Example* examples;
  std::size_t example_count;
  const Example* negatives;
  std::size_t negative_count;
  const std::string_view* references;
  std::size_t reference_count;
  int line, column, pattern_line, pattern_column;
};

struct File {
  std::string_view path;  // "rules/<name>.yaml"
  std::string_view text;
  bool parsed;  // false: parse `text` at run time (it had problems at build time)
  const RuleData* rules;
  std::size_t rule_count;
};

extern const File kFiles[];
extern const std::size_t kFileCount;

// rules/allow/published-examples.yaml (published_examples.h).
struct PublishedExample {
  std::string_view value, source;
};
extern const PublishedExample kPublishedTable[];
extern const std::size_t kPublishedCount;

}  // namespace rekey::embedded

#endif  // REKEY_RULES_EMBEDDED_RULES_H_
