#include "rekey/rules/assignment.h"

namespace rekey {
namespace {

// The rest of an identifier after the words the rule names (DD_API_KEY_PROD).
constexpr std::string_view kNameTail = R"([A-Za-z0-9_.-]{0,40})";
// Jenkins credentials.xml: the name is the credential's <id>, the value the
// <secret> (or <password>) element after it.
constexpr std::string_view kJenkinsId = R"((?:</id>[ \t\r\n]{0,40}<(?:secret|password))?)";
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

// The strict grammar's operators: after these a value may go unquoted
// (NAME=v, name: v, name := v); comparisons (==, !=) are no assignment...
constexpr std::string_view kStrictOperator = R"([ \t]{0,16}(?:[:?+.]?=>?|:{2,3}=|->|<-|:|value[ \t]{0,4}=))";
// ...after these it must be quoted: `,` of define('NAME', 'v'), `(` of
// name("v"), whitespace of `Name "v"` (a parameter list, a type annotation
// or a declaration has a name followed by a comma, parenthesis or space too).
constexpr std::string_view kLooseOperator = R"((?:[ \t]{0,16}[,(]|[ \t]{1,16}))";
constexpr std::string_view kQuote = R"((?:[rbufRBUF@$]{0,2}(?:\\{0,3}["'`]){1,3}|%[qQw]?[({\[]))";
// Dockerfile's `ENV NAME v` and csh's `setenv NAME v`: whitespace, unquoted.
constexpr std::string_view kEnvKeyword = R"((?:ENV|ARG|setenv|SetEnv)[ \t]{1,8}[A-Za-z0-9_]{0,40})";
// Make's shell assignment `NAME != command`, at the start of a line only
// (elsewhere `name != v` compares).
constexpr std::string_view kMakeShellStart = R"((?:^|[\r\n])[A-Za-z0-9_]{0,40})";
constexpr std::string_view kMakeShellOperator = R"([ \t]{0,4}!=[ \t]{0,4})";
// An XML element named by the name: <dbPassword>v</dbPassword>, <secret
// encrypted="false">v</secret> (the value may sit on its own line).
constexpr std::string_view kElementOpen = R"(<[A-Za-z0-9_.:-]{0,40})";
constexpr std::string_view kElementClose = R"((?:[ \t][^<>\r\n]{0,100})?>)";

}  // namespace

std::string AssignmentPattern(std::string_view name_regex, std::string_view value_regex, AssignmentGrammar grammar) {
  const std::string name = "(?i:" + std::string(name_regex) + ")";
  std::string out;
  if (grammar == AssignmentGrammar::kStrict) {
    out = "(?:" + std::string(kEnvKeyword) + name + "[ \\t]{1,16}" + std::string(kOpen) + "|" +
          std::string(kMakeShellStart) + name + std::string(kMakeShellOperator) + "|" + std::string(kElementOpen) +
          name + std::string(kElementClose) + std::string(kBreak) + "|" + name;
    for (std::string_view part : {kNameClose, kType}) out += part;
    out += "(?:" + std::string(kStrictOperator) + std::string(kBreak) + std::string(kOpen) + "|" +
           std::string(kLooseOperator) + std::string(kBreak) + std::string(kQuote) + "))";
    return out + std::string(value_regex);
  }
  out = name;
  out += kNameTail;
  for (std::string_view part : {kJenkinsId, kNameClose, kType, kOperator, kBreak, kOpen}) out += part;
  out += value_regex;
  return out;
}

}  // namespace rekey
