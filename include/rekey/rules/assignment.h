// AssignmentPattern: the one grammar of "a name, then a value assigned to it",
// used by every rule that needs context (`context:` in a rule file): a 32-hex
// Datadog key is only a Datadog key after a name such as DD_API_KEY. One
// grammar means one place to teach a new shape, and every context rule knows
// them all: `NAME=v`, `NAME := "v"`, `name: v`, `"name": "v"`, `\"name\":
// \"v\"`, `'name' => 'v'`, `var name string = "v"`, `val name: String = "v"`,
// `const NAME: &str = "v"`, `ENV NAME v`, `NAME ::= v` (make), `name: |`
// + a block scalar, `<name>v</name>` (also with the value on its own line),
// `key="name" value="v"`, `name("v")`, `-H "Name: v"`.
//
// The result is a pattern in the dialect both RE2 and Hyperscan accept, with
// the value's capture group as its only group. The name matches ASCII-caseless
// and may go on for up to 40 identifier characters after what `name_regex`
// matched (DD_API_KEY_PROD), unless `name_tail` is false: then the name ends
// where `name_regex` ends (a generic `password` must not match password_hash).
//
//   AssignmentPattern("(?:datadog|dd)[_.-]?api[_.-]?key", "([a-f0-9]{32})\\b")
#ifndef REKEY_RULES_ASSIGNMENT_H_
#define REKEY_RULES_ASSIGNMENT_H_

#include <string>
#include <string_view>

namespace rekey {

std::string AssignmentPattern(std::string_view name_regex, std::string_view value_regex, bool name_tail = true);

}  // namespace rekey

#endif  // REKEY_RULES_ASSIGNMENT_H_
