#include <string>

#include "rekey/report/check_report.h"

namespace rekey {
namespace {

// Workflow-command escaping (actions/toolkit): data escapes %, CR, LF;
// properties also escape : and ,.
std::string EscapeData(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string EscapeProperty(const std::string& s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string RenderCheckGithub(const CheckResult& result) {
  std::string out;
  for (const Violation& v : result.violations) {
    const char* command = v.severity == Severity::kError ? "error" : v.severity == Severity::kWarning ? "warning" : "notice";
    std::string props;
    if (!v.loc.path.empty()) {
      props = "file=" + EscapeProperty(v.loc.path);
      if (v.loc.line > 0) props += ",line=" + std::to_string(v.loc.line);
      if (v.loc.column > 0) props += ",col=" + std::to_string(v.loc.column);
      props += ",";
    }
    props += "title=" + EscapeProperty(v.id);
    out += "::" + std::string(command) + " " + props + "::" +
           EscapeData(v.message + (v.hint.empty() ? "" : "\nhint: " + v.hint)) + "\n";
  }
  for (const Diagnostic& d : result.diagnostics) {
    out += "::error file=" + EscapeProperty(d.loc.path) + (d.loc.line ? ",line=" + std::to_string(d.loc.line) : "") +
           ",title=" + EscapeProperty(d.id) + "::" + EscapeData(d.message) + "\n";
  }
  return out;
}

}  // namespace rekey
