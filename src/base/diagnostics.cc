#include "rekey/base/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace rekey {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
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
    return std::tie(a.loc.path, a.loc.line, a.loc.column) <
           std::tie(b.loc.path, b.loc.line, b.loc.column);
  });
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.loc.path.empty() ? std::string("rekey") : d.loc.path;
  if (d.loc.line > 0) {
    out += ":" + std::to_string(d.loc.line);
    if (d.loc.column > 0) out += ":" + std::to_string(d.loc.column);
  }
  out += ": ";
  out += SeverityName(d.severity);
  if (!d.id.empty()) out += "[" + d.id + "]";
  out += ": " + d.message;
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

}  // namespace rekey
