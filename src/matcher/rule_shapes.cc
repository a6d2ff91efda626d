#include "rekey/matcher/rule_shapes.h"

#include <re2/re2.h>

#include <cctype>
#include <memory>

#include "rekey/base/base64.h"
#include "rekey/base/text.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rule_check.h"
#include "rekey/rules/provider_catalog.h"

namespace rekey {
namespace {

bool Has(std::string_view token, std::string_view any_of) { return token.find_first_of(any_of) != token.npos; }

// prefix + token + suffix, remembering where the token is.
bool Put(ShapeText& out, std::string prefix, std::string_view token, std::string_view suffix) {
  out.token_start = prefix.size();
  out.token_end = prefix.size() + token.size();
  out.text = std::move(prefix);
  out.text += token;
  out.text += suffix;
  return true;
}

// The one-line shapes. Each refuses a token it cannot hold (its quote,
// whitespace where the shape has none).
constexpr std::string_view kSpace = " \t\r\n";

bool PyAssign(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, n.Snake() + " = \"", t, "\"\n");
}
bool PyDict(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "settings = {\n    \"" + n.Snake() + "\": \"", t, "\",\n}\n");
}
bool PyGetenvDefault(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "key = os.environ.get('" + n.Screaming() + "', '", t, "')\n");
}
bool JsConst(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "const " + n.Camel() + " = '", t, "';\n");
}
bool JsObject(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "module.exports = {\n  " + n.Camel() + ": \"", t, "\",\n};\n");
}
bool TsTyped(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "export const " + n.Camel() + ": string = \"", t, "\";\n");
}
bool GoVar(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "var " + n.Camel() + " string = \"", t, "\"\n");
}
bool GoShort(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "\t" + n.Camel() + " := \"", t, "\"\n");
}
bool GoRaw(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "`") && Put(o, "\t" + n.Camel() + " := `", t, "`\n");
}
bool GoStruct(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "cfg := Config{\n\t" + n.Pascal() + ": \"", t, "\",\n}\n");
}
bool Java(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "    private static final String " + n.Screaming() + " = \"", t, "\";\n");
}
bool Kotlin(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "val " + n.Camel() + ": String = \"", t, "\"\n");
}
bool CSharp(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "        string " + n.Pascal() + " = @\"", t, "\";\n");
}
bool Php(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "$" + n.Snake() + " = '", t, "';\n");
}
bool PhpConcat(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "$" + n.Snake() + " .= '", t, "';\n");
}
bool PhpArray(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "$config = [\n    '" + n.Snake() + "' => '", t, "',\n];\n");
}
bool Ruby(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "  config." + n.Snake() + " = \"", t, "\"\n");
}
bool RubyHash(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "'") && Put(o, "client = Client.new(" + n.Snake() + ": '", t, "')\n");
}
bool Rust(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "const " + n.Screaming() + ": &str = \"", t, "\";\n");
}
bool Swift(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "let " + n.Camel() + ": String = \"", t, "\"\n");
}
bool ShellExport(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\"'$`;&|<>()\\") && Put(o, "export " + n.Screaming() + "=", t, "\n");
}
bool ShellQuoted(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"$`\\") && Put(o, n.Screaming() + "=\"", t, "\" ./deploy.sh\n");
}
bool ShellHeredoc(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t$`\\") && Put(o, "cat > .env <<EOF\n" + n.Screaming() + "=", t, "\nEOF\n");
}
bool CurlHeader(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"$`\\ ") && Put(o, "curl -sS -H \"" + n.Kebab() + ": ", t, "\" https://api.example.test/v1/me\n");
}
bool CurlUser(const NameWords&, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\"'$`\\") && Put(o, "curl -sS -u deploy:", t, " https://api.example.test/v1/me\n");
}
bool Make(std::string_view op, const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t$#") && Put(o, n.Screaming() + " " + std::string(op) + " ", t, "\n");
}
bool MakeEq(const NameWords& n, std::string_view t, ShapeText& o) { return Make("=", n, t, o); }
bool MakeColon(const NameWords& n, std::string_view t, ShapeText& o) { return Make(":=", n, t, o); }
bool MakeColon2(const NameWords& n, std::string_view t, ShapeText& o) { return Make("::=", n, t, o); }
bool MakeColon3(const NameWords& n, std::string_view t, ShapeText& o) { return Make(":::=", n, t, o); }
bool MakeQuestion(const NameWords& n, std::string_view t, ShapeText& o) { return Make("?=", n, t, o); }
bool MakeBang(const NameWords& n, std::string_view t, ShapeText& o) { return Make("!=", n, t, o); }
bool DockerEnv(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\"'$\\") && Put(o, "FROM debian:12\nENV " + n.Screaming() + "=", t, "\n");
}
bool DockerEnvSpace(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\"'$\\") && Put(o, "FROM debian:12\nENV " + n.Screaming() + " ", t, "\n");
}
bool DockerArg(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\"'$\\") && Put(o, "ARG " + n.Screaming() + "=", t, "\n");
}
bool YamlPlain(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "#\"'") && t.find(": ") == t.npos && Put(o, "service:\n  " + n.Snake() + ": ", t, "\n");
}
bool YamlQuoted(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, "service:\n  " + n.Snake() + ": \"", t, "\"\n");
}
bool YamlBlock(const NameWords& n, std::string_view t, ShapeText& o) {
  return Put(o, "service:\n  " + n.Snake() + ": |\n    ", t, "\n  region: eu\n");
}
bool Json(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, "{\n  \"" + n.Camel() + "\": \"", t, "\",\n  \"region\": \"eu\"\n}\n");
}
bool JsonEscaped(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, "{\"config\": \"{\\\"" + n.Camel() + "\\\": \\\"", t, "\\\"}\"}\n");
}
bool Toml(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, "[service]\n" + n.Snake() + " = \"", t, "\"\n");
}
bool Ini(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, ";#") && Put(o, "[service]\n" + n.Snake() + " = ", t, "\n");
}
bool Properties(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "#!\\") && Put(o, "app." + n.Dotted() + "=", t, "\n");
}
bool PropertiesColon(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "#!\\") && Put(o, "app." + n.Dotted() + ": ", t, "\n");
}
bool XmlAttribute(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"<>&") && Put(o, "<appSettings>\n  <add key=\"" + n.Pascal() + "\" value=\"", t, "\" />\n");
}
bool XmlElement(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "<>&") && Put(o, "<config>\n  <" + n.Camel() + ">", t, "</" + n.Camel() + ">\n</config>\n");
}
bool XmlElementOwnLine(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "<>&") && Put(o, "<config>\n  <" + n.Camel() + ">\n    ", t, "\n  </" + n.Camel() + ">\n</config>\n");
}
bool Hcl(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\$") && Put(o, "provider \"acme\" {\n  " + n.Snake() + " = \"", t, "\"\n}\n");
}
bool DotEnv(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, kSpace) && !Has(t, "#\"'") && Put(o, n.Screaming() + "=", t, "\n");
}
bool Logstash(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"") && Put(o, "output {\n  http {\n    " + n.Snake() + " => \"", t, "\"\n  }\n}\n");
}
bool LogLine(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, kSpace) && Put(o, "2026-03-01T10:00:00Z [DEBUG] Using " + n.Screaming() + "=", t, " for upload\n");
}
bool JenkinsCredentials(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "<>&") && Put(o,
                               "<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>" +
                                   n.Kebab() + "</id>\n  <secret>",
                               t, "</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n");
}
bool UrlUserinfo(const NameWords&, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\r\n@/?#:;\"'<>") && Put(o, "DATABASE_URL = \"https://deploy:", t, "@api.example.test/v1\"\n");
}
bool AuthBearer(const NameWords&, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\r\n\"") && Put(o, "curl -H \"Authorization: Bearer ", t, "\" https://api.example.test/v1\n");
}
bool AuthToken(const NameWords&, std::string_view t, ShapeText& o) {
  return !Has(t, " \t\r\n'") && Put(o, "headers = {'Authorization': 'token ", t, "'}\n");
}
bool AuthBasic(const NameWords&, std::string_view t, ShapeText& o) {
  if (Has(t, "\r\n\"")) return false;
  return Put(o, "curl -H \"Authorization: Basic ", Base64Encode("deploy:" + std::string(t)),
             "\" https://api.example.test/v1\n");
}

// The multi-line shapes, for tokens that span lines (PEM and PGP blocks).
std::string EscapeNewlines(std::string_view t) {
  std::string out;
  for (char c : t) out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  return out;
}
std::string Indent(std::string_view t, std::string_view pad) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    out += t[i];
    if (t[i] == '\n' && i + 1 < t.size()) out += pad;
  }
  return out;
}
bool JsonNewlines(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, "{\"" + n.Snake() + "\": \"", EscapeNewlines(t), "\"}\n");
}
bool PyTriple(const NameWords& n, std::string_view t, ShapeText& o) {
  return !Has(t, "\"\\") && Put(o, n.Screaming() + " = \"\"\"", t, "\"\"\"\n");
}
bool ShellHeredocBlock(const NameWords&, std::string_view t, ShapeText& o) {
  return Put(o, "cat > /etc/ssl/private/app.key <<'EOF'\n", t, "\nEOF\nchmod 600 /etc/ssl/private/app.key\n");
}
bool TerraformHeredoc(const NameWords& n, std::string_view t, ShapeText& o) {
  return Put(o, "resource \"acme_secret\" \"app\" {\n  " + n.Snake() + " = <<-EOT\n    ", Indent(t, "    "),
             "\n  EOT\n}\n");
}
bool MarkdownFence(const NameWords&, std::string_view t, ShapeText& o) {
  return Put(o, "Use this key:\n\n```\n", t, "\n```\n");
}
bool YamlBlockMulti(const NameWords& n, std::string_view t, ShapeText& o) {
  return Put(o, "tls:\n  " + n.Snake() + ": |\n    ", Indent(t, "    "), "\n  region: eu\n");
}

bool IsMultiline(std::string_view token) { return Has(token, "\n"); }

// The identifier the context regex found in the example, widened to the
// whole word it is part of (MY_DD_API_KEY, not just DD_API_KEY).
std::string ContextName(const Rule& rule, std::string_view example) {
  RE2 re("((?i:" + rule.context + "))", RE2::Latin1);
  re2::StringPiece found;
  if (!re.ok() || !RE2::PartialMatch(example, re, &found)) return "";
  size_t start = static_cast<size_t>(found.data() - example.data());
  size_t end = start + found.size();
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  while (start > 0 && word(example[start - 1])) --start;
  while (end < example.size() && word(example[end])) ++end;
  return std::string(example.substr(start, end - start));
}

// True for a rule whose provider is a format, not a vendor: the Generic
// rules, and those the provider catalog marks generic (JWTs, private keys,
// broker URLs): a JWT in a Bearer header is found by the JWT rule.
bool IsFormatRule(const Rule& rule) {
  if (IsGenericRule(rule)) return true;
  const Provider* provider = ProviderCatalog::Builtin().FindByName(rule.provider);
  return provider != nullptr && provider->generic;
}

// True when `matches` report the token at [start, end): the rule itself, or
// a generic (format) rule, the fallback for shapes that carry no vendor name.
bool Found(const RulesDatabase& db, uint32_t rule, const std::vector<RuleMatch>& matches, size_t start, size_t end) {
  for (const RuleMatch& m : matches) {
    const bool overlaps = m.secret_start < end && start < m.secret_end;
    if (overlaps && (m.rule == rule || IsFormatRule(db.rule(m.rule)))) return true;
  }
  return false;
}

std::string RedactedRendering(const ShapeText& shape) {
  const std::string_view text = shape.text;
  const std::string_view token = text.substr(shape.token_start, shape.token_end - shape.token_start);
  return std::string(text.substr(0, shape.token_start)) + RedactSecret(token) +
         std::string(text.substr(shape.token_end));
}

}  // namespace

NameWords SplitName(std::string_view name) {
  NameWords out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    // A capital after a lowercase letter or digit starts a word (ddApiKey),
    // and so does the last capital of a run followed by lowercase (APIKey).
    const bool upper = std::isupper(c);
    const bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                       std::isdigit(static_cast<unsigned char>(name[i - 1])));
    const bool run_end = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1])) && i + 1 < name.size() &&
                         std::islower(static_cast<unsigned char>(name[i + 1]));
    if (upper && (after_lower || run_end)) flush();
    word += static_cast<char>(std::tolower(c));
  }
  flush();
  if (out.words.empty()) out.words.push_back("key");
  return out;
}

std::string NameWords::Snake() const { return Join(words, "_"); }
std::string NameWords::Kebab() const { return Join(words, "-"); }
std::string NameWords::Dotted() const { return Join(words, "."); }
std::string NameWords::Screaming() const {
  std::string out = Snake();
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
std::string NameWords::Pascal() const {
  std::string out;
  for (const std::string& w : words) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    out += w.substr(1);
  }
  return out;
}
std::string NameWords::Camel() const {
  std::string out = Pascal();
  out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

const std::vector<Shape>& Shapes() {
  static const std::vector<Shape> kShapes = {
      {"python-assign", false, PyAssign},
      {"python-dict", false, PyDict},
      {"python-getenv-default", false, PyGetenvDefault},
      {"js-const", false, JsConst},
      {"js-object", false, JsObject},
      {"ts-typed-const", false, TsTyped},
      {"go-var", false, GoVar},
      {"go-short-assign", false, GoShort},
      {"go-raw-string", false, GoRaw},
      {"go-struct-literal", false, GoStruct},
      {"java-constant", false, Java},
      {"kotlin-val", false, Kotlin},
      {"csharp-verbatim", false, CSharp},
      {"php-assign", false, Php},
      {"php-concat-assign", false, PhpConcat},
      {"php-array", false, PhpArray},
      {"ruby-attribute", false, Ruby},
      {"ruby-keyword-argument", false, RubyHash},
      {"rust-const", false, Rust},
      {"swift-let", false, Swift},
      {"shell-export", false, ShellExport},
      {"shell-quoted", false, ShellQuoted},
      {"shell-heredoc", false, ShellHeredoc},
      {"curl-header", false, CurlHeader},
      {"curl-user", false, CurlUser},
      {"make-recursive", false, MakeEq},
      {"make-simple", false, MakeColon},
      {"make-posix-simple", false, MakeColon2},
      {"make-immediate", false, MakeColon3},
      {"make-conditional", false, MakeQuestion},
      {"make-shell", false, MakeBang},
      {"dockerfile-env", false, DockerEnv},
      {"dockerfile-env-space", false, DockerEnvSpace},
      {"dockerfile-arg", false, DockerArg},
      {"yaml-plain", false, YamlPlain},
      {"yaml-quoted", false, YamlQuoted},
      {"yaml-block-scalar", false, YamlBlock},
      {"json", false, Json},
      {"json-in-json-string", false, JsonEscaped},
      {"toml", false, Toml},
      {"ini", false, Ini},
      {"properties", false, Properties},
      {"properties-colon", false, PropertiesColon},
      {"xml-attribute", false, XmlAttribute},
      {"xml-element", false, XmlElement},
      {"xml-element-own-line", false, XmlElementOwnLine},
      {"hcl", false, Hcl},
      {"dotenv", false, DotEnv},
      {"logstash", false, Logstash},
      {"log-line", false, LogLine},
      {"jenkins-credentials-xml", false, JenkinsCredentials},
      {"url-userinfo", false, UrlUserinfo},
      {"authorization-bearer", false, AuthBearer},
      {"authorization-token", false, AuthToken},
      {"authorization-basic", false, AuthBasic},
      {"json-escaped-newlines", true, JsonNewlines},
      {"python-triple-quoted", true, PyTriple},
      {"shell-heredoc-file", true, ShellHeredocBlock},
      {"terraform-heredoc", true, TerraformHeredoc},
      {"markdown-fence", true, MarkdownFence},
      {"yaml-block-scalar-multiline", true, YamlBlockMulti},
  };
  return kShapes;
}

ShapeReport CheckRuleShapes(const RulesDatabase& db, std::string_view only_rule) {
  ShapeReport report;
  Matcher matcher(std::shared_ptr<const RulesDatabase>(&db, [](const RulesDatabase*) {}));
  std::vector<RuleMatch> matches;
  for (uint32_t i = 0; i < db.rules().size(); ++i) {
    const Rule& rule = db.rule(i);
    if (!only_rule.empty() && rule.id != only_rule) continue;
    if (IsGenericRule(rule) && rule.context.empty()) continue;
    ++report.rules;
    for (size_t k = 0; k < rule.examples.size(); ++k) {
      // The token as the rule sees it in its own example (rules check reports
      // an example that does not match).
      const std::string_view example = rule.examples[k].text;
      matches.clear();
      ScanReference(db, i, example, matches);
      if (matches.empty()) continue;
      const RuleMatch& m = matches.front();
      const std::string token(rule.context.empty() ? example.substr(m.start, m.end - m.start)
                                                   : example.substr(m.secret_start, m.secret_end - m.secret_start));
      const std::string name = rule.context.empty() ? rule.provider + " key" : ContextName(rule, example);
      const NameWords words = SplitName(name);
      const std::string label = "example " + std::to_string(k + 1);
      for (const Shape& shape : Shapes()) {
        ShapeText rendered;
        if (shape.multiline != IsMultiline(token)) continue;
        if (!shape.render(words, token, rendered)) {
          ++report.skipped;
          continue;
        }
        ++report.renders;
        matcher.Scan(rendered.text, matches);
        for (const RuleMatch& m : matches) {
          if (m.secret_end <= rendered.token_start || rendered.token_end <= m.secret_start) ++report.extra;
        }
        if (Found(db, i, matches, rendered.token_start, rendered.token_end)) continue;
        report.problems.push_back(
            {rule.id, rule.examples[k].loc, label, std::string(shape.name), RedactedRendering(rendered)});
      }
    }
  }
  return report;
}

}  // namespace rekey
