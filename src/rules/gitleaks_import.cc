// The one toml++ adapter: gitleaks TOML configurations as rekey rules
// (rule_import.h). toml++ is compiled into this file alone (header-only) with
// exceptions off: a parse failure is a value, turned into a Diagnostic with
// file:line:col.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>

#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rules/regex_rewrite.h"
#include "rules/rule_import.h"

namespace rekey {
namespace {

// [extend] path chains this deep are gitleaks' own limit.
constexpr int kMaxExtendDepth = 2;

SourceLoc Where(const toml::node& node, const std::string& path) {
  const toml::source_position& p = node.source().begin;
  return {path, static_cast<int>(p.line), static_cast<int>(p.column)};
}

std::optional<std::string> String(const toml::table& t, std::string_view key) {
  if (const toml::node* n = t.get(key)) {
    if (std::optional<std::string> v = n->value<std::string>()) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Strings(const toml::table& t, std::string_view key) {
  std::vector<std::string> out;
  if (const toml::array* a = t.get_as<toml::array>(key)) {
    for (const toml::node& item : *a) {
      if (std::optional<std::string> v = item.value<std::string>()) out.push_back(*v);
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

RuleAllowlist ReadAllowlist(const toml::table& t, const std::string& path) {
  RuleAllowlist a;
  a.loc = Where(t, path);
  const std::string target = String(t, "regexTarget").value_or("secret");
  a.target = target == "match"  ? RuleAllowlist::Target::kMatch
             : target == "line" ? RuleAllowlist::Target::kLine
                                : RuleAllowlist::Target::kSecret;
  a.regexes = Strings(t, "regexes");
  for (std::string& w : Strings(t, "stopwords")) a.stopwords.push_back(Lower(std::move(w)));
  a.paths = Strings(t, "paths");
  a.commits = Strings(t, "commits");
  a.all = Lower(String(t, "condition").value_or("or")) == "and";
  return a;
}

// [rules.allowlist] (gitleaks < 8.21) and [[rules.allowlists]].
std::vector<RuleAllowlist> RuleAllowlists(const toml::table& rule, const std::string& path) {
  std::vector<RuleAllowlist> out;
  if (const toml::table* one = rule.get_as<toml::table>("allowlist")) out.push_back(ReadAllowlist(*one, path));
  if (const toml::array* many = rule.get_as<toml::array>("allowlists")) {
    for (const toml::node& item : *many) {
      if (const toml::table* t = item.as_table()) out.push_back(ReadAllowlist(*t, path));
    }
  }
  return out;
}

std::optional<Rule> ReadRule(const toml::table& t, const std::string& path, Diagnostics& diags) {
  const SourceLoc loc = Where(t, path);
  const std::optional<std::string> id = String(t, "id");
  const std::optional<std::string> regex = String(t, "regex");
  if (!id) {
    diags.Error(loc, "RK-IMP-002", "gitleaks rule without an id", "every [[rules]] entry needs id = \"...\"");
    return std::nullopt;
  }
  if (!regex) {
    if (t.get("path") != nullptr) {
      diags.Warning(loc, "RK-IMP-004", "gitleaks rule " + Quote(*id) + " matches file paths only: not imported",
                    "rekey rules match file contents; a file that must not exist is a job for a CI check");
    } else {
      diags.Error(loc, "RK-IMP-002", "gitleaks rule " + Quote(*id) + " has no regex", "add regex = '''...'''");
    }
    return std::nullopt;
  }
  Rule rule;
  rule.id = ImportedRuleId(*id);
  rule.name = String(t, "description").value_or(*id);
  rule.provider = rule.name;
  rule.severity = RuleSeverity::kHigh;
  rule.loc = loc;
  rule.pattern_loc = Where(*t.get("regex"), path);
  const int groups = CountCaptureGroups(*regex);
  const int wanted = static_cast<int>(t["secretGroup"].value<int64_t>().value_or(0));
  if (wanted > groups) {
    diags.Error(rule.pattern_loc, "RK-IMP-003",
                "secretGroup " + std::to_string(wanted) + " of rule " + Quote(*id) + " but its regex has " +
                    std::to_string(groups) + " capture group(s)",
                "secretGroup counts the regex's capture groups from 1");
    return std::nullopt;
  }
  // gitleaks' default: the first (non-empty) group, else the whole match.
  rule.pattern = KeepOneCaptureGroup(*regex, wanted > 0 ? wanted : (groups > 0 ? 1 : 0));
  if (std::optional<double> entropy = t["entropy"].value<double>()) rule.min_entropy = *entropy;
  for (std::string& k : Strings(t, "keywords")) {
    if (!k.empty()) rule.keywords.push_back(Lower(std::move(k)));
  }
  if (t.get("path") != nullptr) {
    diags.Warning(Where(*t.get("path"), path), "RK-IMP-006",
                  "the path restriction of gitleaks rule " + Quote(*id) + " is not applied: it matches in every file",
                  "exclude the other paths with --exclude, or accept the wider search");
  }
  rule.allowlists = RuleAllowlists(t, path);
  rule.references = {"gitleaks rule " + *id};
  return rule;
}

// Global allowlists: [allowlist] (old) and [[allowlists]] (with targetRules).
void ReadGlobalAllowlists(const toml::table& root, const std::string& path, GitleaksConfig& out) {
  if (const toml::table* one = root.get_as<toml::table>("allowlist")) out.global.push_back(ReadAllowlist(*one, path));
  if (const toml::array* many = root.get_as<toml::array>("allowlists")) {
    for (const toml::node& item : *many) {
      const toml::table* t = item.as_table();
      if (t == nullptr) continue;
      std::vector<std::string> targets;
      for (const std::string& id : Strings(*t, "targetRules")) targets.push_back(ImportedRuleId(id));
      if (targets.empty()) {
        out.global.push_back(ReadAllowlist(*t, path));
      } else {
        out.targeted.emplace_back(ReadAllowlist(*t, path), std::move(targets));
      }
    }
  }
}

std::optional<GitleaksConfig> ReadText(std::string_view text, const std::string& path, int depth, Diagnostics& diags);

// [extend]: useDefault, disabledRules, and path (another file, read first so
// that this file's rules come after the ones it extends).
void ReadExtend(const toml::table& root, const std::string& path, int depth, GitleaksConfig& out, Diagnostics& diags) {
  const toml::table* extend = root.get_as<toml::table>("extend");
  if (extend == nullptr) return;
  out.use_default = (*extend)["useDefault"].value<bool>().value_or(false);
  for (const std::string& id : Strings(*extend, "disabledRules")) out.disabled.push_back(ImportedRuleId(id));
  const std::optional<std::string> base = String(*extend, "path");
  if (!base) return;
  const SourceLoc loc = Where(*extend->get("path"), path);
  if (depth >= kMaxExtendDepth) {
    diags.Error(loc, "RK-IMP-005", "[extend] path nests deeper than " + std::to_string(kMaxExtendDepth) + " files",
                "gitleaks stops there too; merge the files");
    return;
  }
  const std::filesystem::path resolved = std::filesystem::path(path).parent_path() / *base;
  Result<std::string> text = ReadRegularFile(resolved.string(), {});
  if (!text) {
    diags.Error(loc, "RK-IMP-005",
                "cannot read [extend] path " + Quote(resolved.string()) + ": " + text.error().message,
                "the path is relative to this file");
    return;
  }
  if (std::optional<GitleaksConfig> parent = ReadText(*text, resolved.string(), depth + 1, diags)) {
    out.rules = std::move(parent->rules);
    out.use_default = out.use_default || parent->use_default;
    out.disabled.insert(out.disabled.end(), parent->disabled.begin(), parent->disabled.end());
    out.global = std::move(parent->global);
    out.targeted = std::move(parent->targeted);
  }
}

std::optional<GitleaksConfig> ReadText(std::string_view text, const std::string& path, int depth, Diagnostics& diags) {
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    diags.Error({path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                "RK-IMP-001", "not a valid TOML file: " + std::string(e.description()),
                "gitleaks configurations are TOML; rekey's own rule files are YAML");
    return std::nullopt;
  }
  const toml::table& root = parsed.table();
  GitleaksConfig out;
  ReadExtend(root, path, depth, out, diags);
  if (const toml::array* rules = root.get_as<toml::array>("rules")) {
    for (const toml::node& item : *rules) {
      if (const toml::table* t = item.as_table()) {
        if (std::optional<Rule> rule = ReadRule(*t, path, diags)) out.rules.push_back(std::move(*rule));
      }
    }
  }
  ReadGlobalAllowlists(root, path, out);
  return out;
}

}  // namespace

std::string ImportedRuleId(std::string_view id) {
  std::string out;
  for (char c : id) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '.' || l == '-') ? l : '-';
  }
  return out;
}

std::optional<GitleaksConfig> ReadGitleaksText(std::string_view text, const std::string& path, Diagnostics& diags) {
  return ReadText(text, path, 0, diags);
}

std::optional<GitleaksConfig> ReadGitleaksFile(const std::string& path, Diagnostics& diags) {
  Result<std::string> text = ReadRegularFile(path, {});
  if (!text) {
    diags.Error({path, 0, 0}, "RK-IO-001", text.error().message, text.error().hint);
    return std::nullopt;
  }
  return ReadText(*text, path, 0, diags);
}

}  // namespace rekey
