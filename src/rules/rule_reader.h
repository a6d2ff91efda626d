// Private: turns one parsed rule file (`rules:` list of mappings) into Rule
// values, reporting every field-level problem. Cross-file checks (duplicate
// ids) belong to RuleSet. Also reads the published-examples list
// (rules/allow/published-examples.yaml) for the build-time embedder.
#ifndef REKEY_RULES_RULE_READER_H_
#define REKEY_RULES_RULE_READER_H_

#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/rules/rule.h"
#include "yaml/yaml_node.h"

namespace rekey {

std::vector<Rule> ReadRules(const YamlDocument& doc, bool builtin, Diagnostics& diags);

struct PublishedExampleEntry {
  std::string value;
  std::string source;
  SourceLoc loc;
};
// `published_examples:` list of {value, source, note}.
std::vector<PublishedExampleEntry> ReadPublishedExamples(const YamlDocument& doc, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_RULES_RULE_READER_H_
