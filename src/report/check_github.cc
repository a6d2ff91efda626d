#include <string>

#include "rekey/report/check_report.h"
#include "report/github_escape.h"

namespace rekey {

std::string RenderCheckGithub(const CheckResult& result) {
  std::string out;
  for (const Violation& v : result.violations) {
    const char* command = v.severity == Severity::kError     ? "error"
                          : v.severity == Severity::kWarning ? "warning"
                                                             : "notice";
    std::string props;
    if (!v.loc.path.empty()) {
      props = "file=" + EscapeProperty(v.loc.path);
      if (v.loc.line > 0) props += ",line=" + std::to_string(v.loc.line);
      if (v.loc.column > 0) props += ",col=" + std::to_string(v.loc.column);
      props += ",";
    }
    props += "title=" + EscapeProperty(v.id);
    out += "::" + std::string(command) + " " + props +
           "::" + EscapeData(v.message + (v.hint.empty() ? "" : "\nhint: " + v.hint)) + "\n";
  }
  for (const Diagnostic& d : result.diagnostics) {
    out += "::error file=" + EscapeProperty(d.loc.path) + (d.loc.line ? ",line=" + std::to_string(d.loc.line) : "") +
           ",title=" + EscapeProperty(d.id) + "::" + EscapeData(d.message) + "\n";
  }
  return out;
}

}  // namespace rekey
