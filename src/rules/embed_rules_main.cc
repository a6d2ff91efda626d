// rekey_embed_rules OUTPUT.cc [--published FILE] RULE.yaml...: the build step
// that embeds the built-in rules (embedded_rules.h) and the published-examples
// list (published_examples.h). Parses every file with the same reader the
// binary uses; a rule file with problems is embedded as text only, so its
// diagnostics surface at run time (and in `rules check`) instead of breaking
// the build. A problem in the published-examples list fails the build.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "rekey/rules/rule.h"
#include "rules/rule_reader.h"
#include "yaml/yaml_node.h"

namespace {

// A C++ string literal for any bytes: printable ASCII as is, the rest octal.
std::string Literal(std::string_view s) {
  std::string out = "std::string_view(\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%03o", c);
      out += buffer;
    }
  }
  return out + "\", " + std::to_string(s.size()) + ")";
}

std::string Strings(const std::string& name, const std::vector<std::string>& items) {
  std::string out = "const std::string_view " + name + "[] = {";
  for (const std::string& s : items) out += Literal(s) + ", ";
  return out + (items.empty() ? "std::string_view()" : "") + "};\n";
}

std::string Examples(const std::string& name, const std::vector<rekey::RuleExample>& items) {
  std::string out = "const Example " + name + "[] = {";
  for (const rekey::RuleExample& e : items) {
    out += "{" + Literal(e.text) + ", " + std::to_string(e.loc.line) + ", " + std::to_string(e.loc.column) + "}, ";
  }
  return out + (items.empty() ? "{}" : "") + "};\n";
}

// The arrays of one rule, then its RuleData initializer (appended to `table`).
std::string Rule(const rekey::Rule& r, const std::string& p, std::string& table) {
  std::string out = Strings(p + "k", r.keywords) + Examples(p + "e", r.examples) +
                    Examples(p + "n", r.negative_examples) + Strings(p + "r", r.references);
  char entropy[32], hex_entropy[32];
  std::snprintf(entropy, sizeof entropy, "%.17g", r.min_entropy.value_or(0));
  std::snprintf(hex_entropy, sizeof hex_entropy, "%.17g", r.hex_min_entropy.value_or(0));
  table += "    {" + Literal(r.id) + ", " + Literal(r.name) + ", " + Literal(r.provider) + ", " +
           std::to_string(static_cast<int>(r.severity)) + ", " + Literal(r.pattern) + ", " + Literal(r.context) + ", " +
           Literal(r.value_pattern) + ", " + p + "k, " + std::to_string(r.keywords.size()) + ", " +
           (r.min_entropy ? "true" : "false") + ", " + entropy + ", " + (r.hex_min_entropy ? "true" : "false") + ", " +
           hex_entropy + ", " + (r.context_strict ? "true" : "false") + ", " +
           std::to_string(static_cast<int>(r.validate)) + ", " + Literal(r.ruleset) + ", " + p + "e, " +
           std::to_string(r.examples.size()) + ", " + p + "n, " + std::to_string(r.negative_examples.size()) + ", " +
           p + "r, " + std::to_string(r.references.size()) + ", " + std::to_string(r.loc.line) + ", " +
           std::to_string(r.loc.column) + ", " + std::to_string(r.pattern_loc.line) + ", " +
           std::to_string(r.pattern_loc.column) + "},\n";
  return out;
}

}  // namespace

// The published examples as a table, or "" after printing their problems.
std::optional<std::string> PublishedTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  rekey::Diagnostics diags;
  std::vector<rekey::PublishedExampleEntry> entries;
  if (std::optional<rekey::YamlDocument> doc = rekey::ParseYaml(text.str(), path, diags)) {
    entries = rekey::ReadPublishedExamples(*doc, diags);
  }
  for (const rekey::Diagnostic& d : diags.items()) std::fprintf(stderr, "%s\n", rekey::FormatDiagnostic(d).c_str());
  if (!in || diags.HasErrors()) return std::nullopt;
  std::string out = "const PublishedExample kPublishedTable[] = {\n";
  for (const rekey::PublishedExampleEntry& e : entries)
    out += "    {" + Literal(e.value) + ", " + Literal(e.source) + "},\n";
  if (entries.empty()) out += "    {},\n";
  return out + "};\nconst std::size_t kPublishedCount = " + std::to_string(entries.size()) + ";\n";
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: rekey_embed_rules OUTPUT.cc [--published FILE] [RULE.yaml...]\n");
    return 2;
  }
  int first_rule = 2;
  std::string published = "const PublishedExample kPublishedTable[] = {{}};\nconst std::size_t kPublishedCount = 0;\n";
  if (argc >= 4 && std::string_view(argv[2]) == "--published") {
    std::optional<std::string> table = PublishedTable(argv[3]);
    if (!table) return 1;
    published = *table;
    first_rule = 4;
  }
  std::vector<std::string> inputs(argv + first_rule, argv + argc);
  std::sort(inputs.begin(), inputs.end());
  std::string body, files;
  for (size_t f = 0; f < inputs.size(); ++f) {
    std::ifstream in(inputs[f], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string path = "rules/" + std::filesystem::path(inputs[f]).filename().string();
    rekey::Diagnostics diags;
    std::vector<rekey::Rule> rules;
    if (std::optional<rekey::YamlDocument> doc = rekey::ParseYaml(text.str(), path, diags)) {
      rules = rekey::ReadRules(*doc, true, diags);
    }
    for (const rekey::Diagnostic& d : diags.items()) {
      std::fprintf(stderr, "warning: built-in rules: %s\n", rekey::FormatDiagnostic(d).c_str());
    }
    const bool parsed = !diags.HasErrors();
    const std::string file = "f" + std::to_string(f);
    std::string table;
    if (parsed) {
      for (size_t i = 0; i < rules.size(); ++i) body += Rule(rules[i], file + "_" + std::to_string(i), table);
    }
    body += "const RuleData " + file + "[] = {\n" + (table.empty() ? "    {},\n" : table) + "};\n";
    files += "    {" + Literal(path) + ", " + Literal(text.str()) + ", " + (parsed ? "true" : "false") + ", " + file +
             ", " + std::to_string(parsed ? rules.size() : 0) + "},\n";
  }
  const std::string out =
      "// Generated by rekey_embed_rules from rules/*.yaml. Do not edit.\n"
      "#include \"rules/embedded_rules.h\"\n\n"
      "namespace rekey::embedded {\nnamespace {\n\n" +
      body + "\n}  // namespace\n\nconst File kFiles[] = {\n" + (files.empty() ? "    {},\n" : files) +
      "};\nconst std::size_t kFileCount = " + std::to_string(inputs.size()) + ";\n\n" + published +
      "\n}  // namespace rekey::embedded\n";
  // Only touch the output when it changes, so unchanged rules rebuild nothing.
  std::ifstream old(argv[1], std::ios::binary);
  std::stringstream previous;
  previous << old.rdbuf();
  if (previous.str() == out) return 0;
  std::ofstream(argv[1], std::ios::binary) << out;
  return 0;
}
