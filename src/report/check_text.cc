#include <string>
#include <string_view>
#include <unordered_map>
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

// Appends the line for one violation or diagnostic.
void AppendLine(std::string& out, const SourceLoc& loc, Severity severity, const std::string& id,
                const std::string& message, const std::string& hint, bool color) {
  if (!color) {
    AppendDiagnostic(out, loc, severity, id, message, hint);
    out += '\n';
    return;
  }
  std::string text;
  AppendDiagnostic(text, loc, severity, id, message, hint);
  const std::string label = std::string(SeverityName(severity)) + "[" + id + "]";
  const size_t at = text.find(label);
  if (at != std::string::npos) text.replace(at, label.size(), ColorOf(severity) + label + "\033[0m");
  out += text;
  out += '\n';
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
  for (const Diagnostic& d : diagnostics) AppendLine(out, d.loc, d.severity, d.id, d.message, d.hint, color);
  return out;
}

std::string RenderCheckText(const CheckResult& result, bool color, bool quiet) {
  // Group by key, keys in order of their first violation (the list is sorted by location).
  // Views into the violations: no copy of each key name.
  std::vector<std::string_view> order;
  std::unordered_map<std::string_view, std::vector<const Violation*>> groups;
  size_t size = 0;  // about the report's length, to build it in one buffer
  for (const Violation& v : result.violations) {
    const std::string_view key = v.key.empty() ? std::string_view("(inventory)") : std::string_view(v.key);
    std::vector<const Violation*>& list = groups[key];
    if (list.empty()) order.push_back(key);
    list.push_back(&v);
    size += v.loc.path.size() + v.id.size() + v.message.size() + v.hint.size() + 40;
  }
  std::string out;
  out.reserve(size + order.size() * 64);
  for (const std::string_view key : order) {
    const std::vector<const Violation*>& list = groups[key];
    if (color) {
      out += "\033[1m";
      out += key;
      out += "\033[0m";
    } else {
      out += key;
    }
    out += " (" + Plural(list.size(), "violation") + ")\n";
    for (const Violation* v : list) AppendLine(out, v->loc, v->severity, v->id, v->message, v->hint, color);
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
