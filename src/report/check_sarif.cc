#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "rekey/report/check_report.h"

namespace rekey {
namespace {

const char* Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "note";
}

nlohmann::ordered_json Descriptor(const std::string& id) {
  nlohmann::ordered_json rule;
  rule["id"] = id;
  const Check* check = FindCheck(id);
  if (check == nullptr) return rule;  // RK-* ids outside the catalogue do not occur; keep the id
  rule["name"] = id;
  rule["shortDescription"]["text"] = check->title;
  rule["fullDescription"]["text"] = check->rationale;
  rule["help"]["text"] = check->fix;
  rule["defaultConfiguration"]["level"] = Level(check->default_severity);
  return rule;
}

nlohmann::ordered_json ResultJson(const Violation& v, size_t rule_index) {
  nlohmann::ordered_json r;
  r["ruleId"] = v.id;
  r["ruleIndex"] = rule_index;
  r["level"] = Level(v.severity);
  r["message"]["text"] = v.message + (v.hint.empty() ? "" : "\nHint: " + v.hint);
  if (!v.loc.path.empty()) {
    nlohmann::ordered_json loc;
    loc["physicalLocation"]["artifactLocation"]["uri"] = v.loc.path;
    if (v.loc.line > 0) {
      loc["physicalLocation"]["region"]["startLine"] = v.loc.line;
      if (v.loc.column > 0) loc["physicalLocation"]["region"]["startColumn"] = v.loc.column;
    }
    r["locations"] = nlohmann::ordered_json::array({loc});
  }
  if (!v.key.empty()) r["properties"]["key"] = v.key;
  return r;
}

}  // namespace

std::string RenderCheckSarif(const CheckResult& result, const std::string& tool_version) {
  std::set<std::string> ids;
  for (const Violation& v : result.violations) ids.insert(v.id);
  const std::vector<std::string> rule_ids(ids.begin(), ids.end());
  nlohmann::ordered_json driver;
  driver["name"] = "rekey";
  driver["version"] = tool_version;
  driver["informationUri"] = "https://github.com/rekey-dev/rekey";
  driver["rules"] = nlohmann::ordered_json::array();
  for (const std::string& id : rule_ids) driver["rules"].push_back(Descriptor(id));
  nlohmann::ordered_json run;
  run["tool"]["driver"] = std::move(driver);
  run["results"] = nlohmann::ordered_json::array();
  for (const Violation& v : result.violations) {
    const size_t index = std::lower_bound(rule_ids.begin(), rule_ids.end(), v.id) - rule_ids.begin();
    run["results"].push_back(ResultJson(v, index));
  }
  nlohmann::ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = nlohmann::ordered_json::array({run});
  return root.dump(2) + "\n";
}

}  // namespace rekey
