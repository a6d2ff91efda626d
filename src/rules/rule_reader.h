// Private: turns one parsed rule file (`rules:` list of mappings) into Rule
// values, reporting every field-level problem. Cross-file checks (duplicate
// ids) belong to RuleSet.
#ifndef REKEY_RULES_RULE_READER_H_
#define REKEY_RULES_RULE_READER_H_

#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/rules/rule.h"
#include "yaml/yaml_node.h"

namespace rekey {

std::vector<Rule> ReadRules(const YamlDocument& doc, bool builtin, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_RULES_RULE_READER_H_
