#include "rekey/base/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace rekey {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

void Diagnostics::Add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) ++error_count_;
  items_.push_back(std::move(diagnostic));
}

void Diagnostics::Error(SourceLoc loc, std::string id, std::string message, std::string hint) {
  Add({Severity::kError, std::move(loc), std::move(id), std::move(message), std::move(hint)});
}

void Diagnostics::Warning(SourceLoc loc, std::string id, std::string message, std::string hint) {
  Add({Severity::kWarning, std::move(loc), std::move(id), std::move(message), std::move(hint)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) Add(d);
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.path, a.loc.line, a.loc.column) < std::tie(b.loc.path, b.loc.line, b.loc.column);
  });
}

void AppendDiagnostic(std::string& out, const SourceLoc& loc, Severity severity, std::string_view id,
                      std::string_view message, std::string_view hint) {
  out += loc.path.empty() ? std::string_view("rekey") : std::string_view(loc.path);
  if (loc.line > 0) {
    out += ':';
    out += std::to_string(loc.line);
    if (loc.column > 0) {
      out += ':';
      out += std::to_string(loc.column);
    }
  }
  out += ": ";
  out += SeverityName(severity);
  if (!id.empty()) {
    out += '[';
    out += id;
    out += ']';
  }
  out += ": ";
  out += message;
  if (!hint.empty()) {
    out += "\n  hint: ";
    out += hint;
  }
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out;
  AppendDiagnostic(out, d.loc, d.severity, d.id, d.message, d.hint);
  return out;
}

}  // namespace rekey
