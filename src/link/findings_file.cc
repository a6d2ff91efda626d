// Findings JSON -> Findings. JSON is YAML, so the yaml module's parser and
// MapReader give every problem a file:line:col and a "did you mean" for free.
#include "rekey/link/findings_file.h"

#include <cmath>

#include "rekey/base/read_file.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {
namespace {

const std::vector<std::string> kFileFields = {"version", "findings", "stats", "errors", "unmanaged"};
const std::vector<std::string> kFindingFields = {
    "rule_id",  "rule_name",  "severity",        "provider",      "path",        "line",       "column",
    "end_line", "end_column", "secret_redacted", "secret",        "fingerprint", "validation", "commit",
    "author",   "date",       "commits",         "inventory_key", "link"};
const std::vector<std::string> kSeverities = {"critical", "high", "medium", "low"};

constexpr char kHint[] = "write it with `rekey scan --format json --output FILE` (schema/findings.schema.json)";

std::optional<int> Position(MapReader& r, std::string_view field, Required required, Diagnostics& diags) {
  std::optional<double> n = r.Number(field, required);
  if (!n) return std::nullopt;
  if (*n < 1 || *n != std::floor(*n) || *n > 1e9) {
    diags.Error(r.LocOf(field), "RK-LINK-001", std::string(field) + " must be a whole number >= 1", kHint);
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

std::optional<Finding> ReadFinding(const YamlNode& node, const std::string& path, Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  MapReader r(node, path, "finding", kFindingFields, diags);
  if (!r.is_map()) return std::nullopt;
  Finding f;
  f.rule_id = r.String("rule_id", Required::kYes).value_or("");
  r.set_label("finding of rule " + f.rule_id);
  f.rule_name = r.String("rule_name", Required::kNo).value_or(f.rule_id);
  if (std::optional<size_t> s = r.Enum("severity", kSeverities, Required::kYes))
    f.severity = static_cast<RuleSeverity>(*s);
  f.provider = r.String("provider", Required::kNo).value_or("");
  f.path = r.String("path", Required::kYes).value_or("");
  f.line = Position(r, "line", Required::kYes, diags).value_or(0);
  f.column = Position(r, "column", Required::kYes, diags).value_or(0);
  f.end_line = Position(r, "end_line", Required::kNo, diags).value_or(f.line);
  f.end_column = Position(r, "end_column", Required::kNo, diags).value_or(f.column);
  f.secret_redacted = r.String("secret_redacted", Required::kYes).value_or("");
  f.fingerprint = r.String("fingerprint", Required::kYes).value_or("");
  for (const char* field : {"commit", "author", "date"}) {
    const YamlNode* value = r.Node(field, Required::kNo);
    if (value == nullptr || value->is_null()) continue;
    std::string text = r.String(field, Required::kNo).value_or("");
    if (std::string_view(field) == "commit") f.commit = std::move(text);
    if (std::string_view(field) == "author") f.author = std::move(text);
    if (std::string_view(field) == "date") f.date = std::move(text);
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  return f;
}

}  // namespace

std::vector<Finding> ReadFindingsText(std::string text, const std::string& path, Diagnostics& diags) {
  std::vector<Finding> out;
  // JSON Lines (--format jsonl) is several documents; say so instead of a syntax error.
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{' && text.find("}\n{") != std::string::npos) {
    diags.Error({path, 1, 1}, "RK-LINK-001", path + " holds JSON Lines; --from-findings reads one JSON document",
                kHint);
    return out;
  }
  std::optional<YamlDocument> doc = ParseYaml(std::move(text), path, diags);
  if (!doc) return out;
  MapReader file(doc->root, path, "findings file", kFileFields, diags);
  if (!file.is_map()) return out;
  if (std::optional<double> version = file.Number("version", Required::kYes); version && *version != 1) {
    diags.Error(file.LocOf("version"), "RK-LINK-001", "findings file version must be 1", kHint);
  }
  const YamlNode* list = file.Node("findings", Required::kYes);
  if (list == nullptr) return out;
  if (!list->is_sequence()) {
    diags.Error(list->Loc(path), "RK-LINK-001", "findings must be a list of finding objects", kHint);
    return out;
  }
  for (const YamlNode& item : list->items) {
    if (std::optional<Finding> f = ReadFinding(item, path, diags)) out.push_back(std::move(*f));
  }
  return out;
}

std::vector<Finding> ReadFindingsFile(const std::string& path, Diagnostics& diags) {
  // A scan of a large history can write many findings; 256 MiB is millions.
  Result<std::string> text = ReadRegularFile(path, {.max_bytes = 256ull << 20});
  if (!text) {
    diags.Error({path, 0, 0}, "RK-IO-001", "cannot read findings file " + path + ": " + text.error().message, kHint);
    return {};
  }
  return ReadFindingsText(std::move(*text), path, diags);
}

}  // namespace rekey
