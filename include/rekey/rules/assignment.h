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
// the value's capture group as its only group. The name matches ASCII-caseless.
//
// kDefault serves names that say whose the key is (dd_api_key): the name may
// go on for up to 40 identifier characters (DD_API_KEY_PROD), and any
// operator above may precede an unquoted value. kStrict serves generic names
// (password, token), which real code uses for much besides secrets: the name
// ends where `name_regex` ends (password_hash and token_type do not count),
// and an unquoted value must follow `=`, `:`, `:=`, `=>`, `->`, `ENV NAME`,
// make's `NAME != ` at a line's start, or an XML element's start tag
// (<name>v</name>, also with v on its own line); after `,`, `(` or
// whitespace it must be quoted (C parameter lists, type annotations and
// declarations look like `name, x` and `name x`). `==` and `!=` elsewhere
// compare.
//
//   AssignmentPattern("(?:datadog|dd)[_.-]?api[_.-]?key", "([a-f0-9]{32})\\b")
#ifndef REKEY_RULES_ASSIGNMENT_H_
#define REKEY_RULES_ASSIGNMENT_H_

#include <string>
#include <string_view>

namespace rekey {

enum class AssignmentGrammar { kDefault, kStrict };

std::string AssignmentPattern(std::string_view name_regex, std::string_view value_regex,
                              AssignmentGrammar grammar = AssignmentGrammar::kDefault);

}  // namespace rekey

#endif  // REKEY_RULES_ASSIGNMENT_H_
