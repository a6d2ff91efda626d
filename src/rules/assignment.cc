#include "rekey/rules/assignment.h"

namespace rekey {
namespace {

// The rest of an identifier after the words the rule names (DD_API_KEY_PROD).
constexpr std::string_view kNameTail = R"([A-Za-z0-9_.-]{0,40})";
// What closes the name: quotes (also escaped, as inside a JSON string), `]`
// of `cfg['name']`, `)` of `getenv("NAME")`.
constexpr std::string_view kNameClose = R"((?:\\{0,3}["'`\])]){0,3})";
// A type between the name and the operator: `: String`, `: &str`,
// `: &'static str`, Go's `name string`.
constexpr std::string_view kType =
    R"((?:[ \t]{0,4}:[ \t]{0,4}&?(?:'static[ \t]{1,4})?(?:str|[Ss]tring|SecretString)[?!]?|[ \t]{1,4}(?:string|String|str))?)";
// The operator: = := ::= :::= ?= != += .= == => -> <- : , ( > and
// `value=` (`<add key="NAME" value="v"/>`); or whitespace alone (`ENV NAME v`).
constexpr std::string_view kOperator =
    R"((?:[ \t]{0,16}(?:[:?!+.]?={1,3}>?|:{2,3}=|->|<-|[:,(>]|value[ \t]{0,4}=)|[ \t]{1,16}))";
// After the operator: a YAML block-scalar indicator, and a line break with
// indentation (a block scalar, an XML element whose value is on its own line).
constexpr std::string_view kBreak = R"([ \t]{0,16}(?:[|>][-+0-9]{0,2}[ \t]{0,8})?(?:\r?\n[ \t]{0,40})?)";
// What opens the value: quotes (escaped, triple, with a string prefix such as
// r" b' f" @" $"), Ruby's %q( and %w[, a bracket or parenthesis.
constexpr std::string_view kOpen = R"((?:[rbufRBUF@$]{0,2}(?:\\{0,3}["'`]){1,3}|%[qQw]?[({\[]|[({\[])?)";

}  // namespace

std::string AssignmentPattern(std::string_view name_regex, std::string_view value_regex, bool name_tail) {
  std::string out = "(?i:";
  out += name_regex;
  out += ")";
  if (name_tail) out += kNameTail;
  for (std::string_view part : {kNameClose, kType, kOperator, kBreak, kOpen}) out += part;
  out += value_regex;
  return out;
}

}  // namespace rekey
