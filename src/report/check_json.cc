#include <nlohmann/json.hpp>

#include "rekey/report/check_report.h"

namespace rekey {
namespace {

nlohmann::ordered_json Location(nlohmann::ordered_json j, const SourceLoc& loc) {
  j["path"] = loc.path;
  j["line"] = loc.line;
  j["column"] = loc.column;
  return j;
}

}  // namespace

std::string RenderCheckJson(const CheckResult& result) {
  nlohmann::ordered_json root;
  root["version"] = 1;
  root["violations"] = nlohmann::ordered_json::array();
  for (const Violation& v : result.violations) {
    nlohmann::ordered_json j;
    j["id"] = v.id;
    j["severity"] = SeverityName(v.severity);
    j["key"] = v.key;
    j["message"] = v.message;
    j = Location(std::move(j), v.loc);
    j["hint"] = v.hint;
    root["violations"].push_back(std::move(j));
  }
  root["diagnostics"] = nlohmann::ordered_json::array();
  for (const Diagnostic& d : result.diagnostics) {
    nlohmann::ordered_json j = Location({}, d.loc);
    j["id"] = d.id;
    j["severity"] = SeverityName(d.severity);
    j["message"] = d.message;
    j["hint"] = d.hint;
    root["diagnostics"].push_back(std::move(j));
  }
  const CheckSummary& s = result.summary;
  nlohmann::ordered_json summary;
  summary["result"] = CheckOutcome(result);
  summary["fail_on"] = SeverityName(s.fail_on);
  summary["now"] = s.now;
  summary["policy"] = s.policy;
  summary["files"] = s.files;
  summary["keys"] = s.keys;
  summary["schedules"] = s.schedules;
  summary["services"] = s.services;
  summary["audit_events"] = s.audit_events;
  for (Severity sev : {Severity::kError, Severity::kWarning, Severity::kNote}) {
    size_t n = 0;
    for (const Violation& v : result.violations) n += v.severity == sev;
    summary[std::string(SeverityName(sev)) + "s"] = n;
  }
  root["summary"] = std::move(summary);
  return root.dump(2) + "\n";
}

}  // namespace rekey
