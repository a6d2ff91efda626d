// Writers for `rekey check` results: compiler-style text and JSON. Input
// problems (Diagnostics) and policy results (Violations) are reported side by
// side; the summary says what was read and whether the gate passed.
//
// Thread-safety: pure functions returning the rendered text.
//
//   CheckResult r{diags.items(), violations, summary};
//   std::cout << RenderCheckText(r, /*color=*/false);
#ifndef REKEY_REPORT_CHECK_REPORT_H_
#define REKEY_REPORT_CHECK_REPORT_H_

#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/policy/check.h"

namespace rekey {

struct CheckSummary {
  size_t files = 0;
  size_t keys = 0;
  size_t schedules = 0;
  size_t services = 0;
  size_t audit_events = 0;
  std::string policy;  // where the policy came from
  Severity fail_on = Severity::kError;
  std::string now;  // RFC 3339 instant the checks used
};

struct CheckResult {
  const std::vector<Diagnostic>& diagnostics;
  const std::vector<Violation>& violations;
  CheckSummary summary;
};

// "pass" | "fail" | "input-error"
std::string CheckOutcome(const CheckResult& result);

// Violations grouped by key (a header line per key, then compiler-style
// `path:line:col: severity[ID]: message` + hint lines), then a summary line.
// Diagnostics are not included (they go to stderr).
std::string RenderCheckText(const CheckResult& result, bool color, bool quiet);
std::string RenderDiagnosticsText(const std::vector<Diagnostic>& diagnostics, bool color);
std::string RenderCheckJson(const CheckResult& result);
// SARIF 2.1.0: one run, one reportingDescriptor per check id that occurs,
// results located in the YAML inputs (GitHub code scanning annotates them).
std::string RenderCheckSarif(const CheckResult& result, const std::string& tool_version);
// GitHub Actions workflow commands: ::error file=...,line=...,col=...,title=ID::message
std::string RenderCheckGithub(const CheckResult& result);

}  // namespace rekey

#endif  // REKEY_REPORT_CHECK_REPORT_H_
