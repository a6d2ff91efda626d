#include <map>
#include <string>
#include <vector>

#include "rekey/report/check_report.h"

namespace rekey {
namespace {

const char* ColorOf(Severity s) {
  switch (s) {
    case Severity::kError:
      return "\033[1;31m";
    case Severity::kWarning:
      return "\033[1;33m";
    case Severity::kNote:
      return "\033[1;36m";
  }
  return "";
}

std::string Line(const SourceLoc& loc, Severity severity, const std::string& id, const std::string& message,
                 const std::string& hint, bool color) {
  Diagnostic d{severity, loc, id, message, hint};
  std::string text = FormatDiagnostic(d);
  if (!color) return text + "\n";
  const std::string label = std::string(SeverityName(severity)) + "[" + id + "]";
  const size_t at = text.find(label);
  if (at != std::string::npos) text.replace(at, label.size(), ColorOf(severity) + label + "\033[0m");
  return text + "\n";
}

size_t Count(const std::vector<Violation>& violations, Severity s) {
  size_t n = 0;
  for (const Violation& v : violations) n += v.severity == s;
  return n;
}

std::string Plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

}  // namespace

std::string CheckOutcome(const CheckResult& result) {
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) return "input-error";
  }
  for (const Violation& v : result.violations) {
    if (v.severity >= result.summary.fail_on) return "fail";
  }
  return "pass";
}

std::string RenderDiagnosticsText(const std::vector<Diagnostic>& diagnostics, bool color) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += Line(d.loc, d.severity, d.id, d.message, d.hint, color);
  return out;
}

std::string RenderCheckText(const CheckResult& result, bool color, bool quiet) {
  // Group by key, keys in order of their first violation (the list is sorted by location).
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Violation*>> groups;
  for (const Violation& v : result.violations) {
    const std::string key = v.key.empty() ? "(inventory)" : v.key;
    if (groups[key].empty()) order.push_back(key);
    groups[key].push_back(&v);
  }
  std::string out;
  for (const std::string& key : order) {
    const std::vector<const Violation*>& list = groups[key];
    out += (color ? "\033[1m" + key + "\033[0m" : key) + " (" + Plural(list.size(), "violation") + ")\n";
    for (const Violation* v : list) out += Line(v->loc, v->severity, v->id, v->message, v->hint, color);
    out += "\n";
  }
  if (quiet) return out;
  const CheckSummary& s = result.summary;
  const std::string outcome = CheckOutcome(result);
  out += "rekey check: " + Plural(s.keys, "key") + ", " + Plural(s.schedules, "schedule") + ", " +
         Plural(s.services, "service");
  if (s.audit_events > 0) out += ", " + Plural(s.audit_events, "audit event");
  out += " from " + Plural(s.files, "file") + "; " + Plural(Count(result.violations, Severity::kError), "error") +
         ", " + Plural(Count(result.violations, Severity::kWarning), "warning") + ", " +
         Plural(Count(result.violations, Severity::kNote), "note") +
         " (fail-on: " + std::string(SeverityName(s.fail_on)) + ") => " + (outcome == "pass" ? "PASS" : "FAIL") + "\n";
  return out;
}

}  // namespace rekey
