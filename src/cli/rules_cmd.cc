// `rekey rules list|check|export`: show the detection rules, prove them (every
// example and negative example through both engines), export them for ripgrep.
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "rekey/matcher/rule_check.h"
#include "rekey/matcher/rule_shapes.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

namespace rekey {
namespace {

// Which rules a `rules` subcommand works on.
struct RuleSourceOptions {
  std::vector<std::string> paths;     // extra rule files or directories
  bool builtins = true;               // include the embedded rules
  std::vector<std::string> disable;   // ids to drop
  std::vector<std::string> rulesets;  // rule sets to keep (empty: all of them)
};

struct RulesListOptions {
  RuleSourceOptions source;
  std::string format = "text";
};

struct RulesCheckOptions {
  RuleSourceOptions source;
  bool no_cache = false;
  bool shapes = false;    // also render every example into every shape (rule_shapes.h)
  std::string only_rule;  // --shapes for this rule id only
};

struct RulesExportOptions {
  RuleSourceOptions source;
  std::string format = "rg";
};

std::string Where(const SourceLoc& loc) {
  return loc.path + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

// Loads the rule set, printing diagnostics; false when there were errors.
bool LoadRules(const RuleSourceOptions& options, RuleSet& rules) {
  Diagnostics diags;
  if (options.builtins) rules.AddBuiltins(diags);
  for (const std::string& path : options.paths) rules.AddPath(path, diags);
  if (!options.disable.empty()) rules.Disable(options.disable, diags);
  if (!options.rulesets.empty()) rules.SelectRulesets(options.rulesets, diags);
  diags.Sort();
  PrintDiagnostics(diags);
  return !diags.HasErrors();
}

std::string RenderRulesText(const RuleSet& rules) {
  size_t id_width = 2, provider_width = 8, ruleset_width = 7;
  for (const Rule& r : rules.rules()) {
    id_width = std::max(id_width, r.id.size());
    provider_width = std::max(provider_width, r.provider.size());
    ruleset_width = std::max(ruleset_width, r.ruleset.size());
  }
  auto pad = [](const std::string& s, size_t width) { return s + std::string(width - s.size() + 2, ' '); };
  std::string out = pad("ID", id_width) + pad("PROVIDER", provider_width) + pad("SEVERITY", 8) +
                    pad("RULESET", ruleset_width) + "NAME\n";
  for (const Rule& r : rules.rules()) {
    out += pad(r.id, id_width) + pad(r.provider, provider_width) + pad(std::string(RuleSeverityName(r.severity)), 8) +
           pad(r.ruleset, ruleset_width) + r.name + "\n";
  }
  return out;
}

std::string RenderRulesJson(const RuleSet& rules) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Rule& r : rules.rules()) {
    nlohmann::ordered_json j = {{"id", r.id},
                                {"name", r.name},
                                {"provider", r.provider},
                                {"severity", RuleSeverityName(r.severity)},
                                {"ruleset", r.ruleset},
                                {"validate", ValidatorName(r.validate)},
                                {"keywords", r.keywords},
                                {"builtin", r.builtin},
                                {"source", Where(r.loc)}};
    if (r.min_entropy) j["min_entropy"] = *r.min_entropy;
    list.push_back(std::move(j));
  }
  return nlohmann::ordered_json({{"version", 1}, {"rules", list}}).dump(2) + "\n";
}

int RunRulesList(const RulesListOptions& options) {
  // Load the built-in and user rules; stop on any problem.
  RuleSet rules;
  if (!LoadRules(options.source, rules)) return kExitInputError;
  // One line (or JSON object) per rule.
  std::cout << (options.format == "json" ? RenderRulesJson(rules) : RenderRulesText(rules));
  return kExitClean;
}

int RunRulesCheck(const RulesCheckOptions& options, const GlobalOptions& global) {
  // Load the rules; syntax and field problems are input errors.
  RuleSet rules;
  if (!LoadRules(options.source, rules)) return kExitInputError;
  // Compile both engines; regex, capture-group and Hyperscan problems are input errors too.
  Diagnostics diags;
  std::shared_ptr<const RulesDatabase> db = RulesDatabase::Build(rules, CacheOptions{!options.no_cache, ""}, diags);
  PrintDiagnostics(diags);
  if (!db) return kExitInputError;
  // Run every example and negative example through both engines and compare.
  const RuleCheckReport report = CheckRuleExamples(*db);
  for (const RuleCheckProblem& p : report.problems) {
    std::cout << Where(p.loc) << ": error: " << p.rule_id << " " << p.example << ": " << p.message << "\n"
              << "  hyperscan+re2: " << p.hyperscan << "\n"
              << "  re2-only:      " << p.reference << "\n";
  }
  if (!global.quiet || !report.problems.empty()) {
    std::cout << "rules check: " << report.rules << " rules, " << report.examples << " examples, "
              << report.negative_examples << " negative examples: "
              << (report.problems.empty() ? "ok" : std::to_string(report.problems.size()) + " problem(s)") << "\n";
  }
  if (!options.shapes) return report.problems.empty() ? kExitClean : kExitFindings;
  // Render every example into every shape code and config write secrets in.
  const ShapeReport shapes = CheckRuleShapes(*db, options.only_rule);
  for (const ShapeProblem& p : shapes.problems) {
    std::cout << Where(p.loc) << ": error: " << p.rule_id << " " << p.example << ": not found in shape " << p.shape
              << ":\n";
    for (std::string_view rest = p.rendered; !rest.empty();) {
      const size_t end = rest.find('\n');
      std::cout << "    | " << rest.substr(0, end) << "\n";
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  // The failing rules once each, for a reader who needs the list, not the renderings.
  std::vector<std::pair<std::string, size_t>> failing;
  for (const ShapeProblem& p : shapes.problems) {
    if (failing.empty() || failing.back().first != p.rule_id) failing.emplace_back(p.rule_id, 0);
    ++failing.back().second;
  }
  if (!failing.empty()) {
    std::cout << "rules not found in every shape (" << failing.size() << "):";
    for (const auto& [id, count] : failing) std::cout << " " << id << " (" << count << ")";
    std::cout << "\n";
  }
  if (!global.quiet || !shapes.problems.empty()) {
    std::cout << "rules check --shapes: " << shapes.rules << " rules, " << Shapes().size() << " shapes, "
              << shapes.renders << " renderings (" << shapes.skipped << " not writable), " << shapes.extra
              << " matches outside the token: "
              << (shapes.problems.empty() ? "ok" : std::to_string(shapes.problems.size()) + " not found") << "\n";
  }
  return report.problems.empty() && shapes.problems.empty() ? kExitClean : kExitFindings;
}

int RunRulesExport(const RulesExportOptions& options) {
  // Load the rules; then one ripgrep (Rust regex) pattern per line, for `rg -f`.
  RuleSet rules;
  if (!LoadRules(options.source, rules)) return kExitInputError;
  for (const Rule& r : rules.rules()) {
    std::string line;
    for (char c : r.pattern) line += c == '\n' ? std::string("\\n") : std::string(1, c);
    std::cout << line << "\n";
  }
  return kExitClean;
}

void AddRulesetOption(CLI::App& cmd, RuleSourceOptions& source) {
  cmd.add_option("--ruleset", source.rulesets,
                 "Only the rules of this rule set (repeatable): default, hashes, assets, all (default: all)");
}

void AddRuleSourceOptions(CLI::App& cmd, RuleSourceOptions& source) {
  cmd.add_option("--rules", source.paths, "Extra rule file or directory (repeatable)");
  cmd.add_option("--disable", source.disable, "Drop a rule by id (repeatable)");
  AddRulesetOption(cmd, source);
}

}  // namespace

void AddRulesCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* rules = app.add_subcommand("rules", "List, check and export the detection rules");
  rules->require_subcommand(1);

  auto list = std::make_shared<RulesListOptions>();
  CLI::App* list_cmd = rules->add_subcommand("list", "List rules: id, provider, severity, rule set, name");
  AddRuleSourceOptions(*list_cmd, list->source);
  list_cmd->add_option("--format", list->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  list_cmd->callback([list, &ctx] { ctx.exit_code = RunRulesList(*list); });

  auto check = std::make_shared<RulesCheckOptions>();
  CLI::App* check_cmd = rules->add_subcommand(
      "check", "Run every example and negative example through both engines (Hyperscan+RE2, RE2 only)");
  check_cmd->add_option("paths", check->source.paths, "Rule files or directories (default: the built-in rules)");
  check_cmd->add_flag("--no-cache", check->no_cache, "Do not read or write the compiled-rules cache");
  check_cmd->add_flag("--shapes", check->shapes,
                      "Also write every example into every shape (Python, Go, YAML, XML, .env, headers, ...) and "
                      "require the rule (or a generic rule) to find it there");
  check_cmd->add_option("--rule", check->only_rule, "With --shapes: only this rule id");
  AddRulesetOption(*check_cmd, check->source);
  check_cmd->footer("Exit: 0 every rule behaves, 1 an example disagrees, 2 a rule file or pattern is invalid.");
  check_cmd->callback([check, &ctx] {
    check->source.builtins = check->source.paths.empty();
    ctx.exit_code = RunRulesCheck(*check, ctx.global);
  });

  auto exp = std::make_shared<RulesExportOptions>();
  CLI::App* export_cmd = rules->add_subcommand("export", "Print the patterns for other tools");
  AddRuleSourceOptions(*export_cmd, exp->source);
  export_cmd->add_option("--format", exp->format, "rg: one ripgrep regex per line (rg -f FILE)")
      ->check(CLI::IsMember({"rg"}))
      ->default_str("rg");
  export_cmd->callback([exp, &ctx] { ctx.exit_code = RunRulesExport(*exp); });
}

}  // namespace rekey
