// Diagnostics: every problem found in rekey's *input* (not findings, not policy
// violations), each with a file:line:col location, an id, a message and a hint.
// Loaders report every problem in a file and keep going; the stage that called
// them checkpoints with HasErrors() (collect, then stop).
//
// Thread-safety: not synchronized; one Diagnostics per thread or stage.
//
//   Diagnostics diags;
//   diags.Error({"inv.yaml", 3, 5}, "RK-YAML-001", "unknown field", "did you mean ...?");
//   if (diags.HasErrors()) return kExitInputError;
#ifndef REKEY_BASE_DIAGNOSTICS_H_
#define REKEY_BASE_DIAGNOSTICS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rekey {

enum class Severity { kNote, kWarning, kError };

std::string_view SeverityName(Severity severity);  // "note" | "warning" | "error"

// Where something is in an input file. line/column are 1-based, column in bytes;
// 0 means "unknown" (e.g. a whole-file problem).
struct SourceLoc {
  std::string path;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string id;       // stable, e.g. RK-YAML-003
  std::string message;  // what is wrong; never contains a secret in clear
  std::string hint;     // how to fix it; may be empty
};

class Diagnostics {
 public:
  void Add(Diagnostic diagnostic);
  void Error(SourceLoc loc, std::string id, std::string message, std::string hint = "");
  void Warning(SourceLoc loc, std::string id, std::string message, std::string hint = "");
  void Append(const Diagnostics& other);

  bool HasErrors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  // Orders by path, line, column (stable for equal locations) for reproducible output.
  void Sort();

 private:
  std::vector<Diagnostic> items_;
  std::size_t error_count_ = 0;
};

// "path:line:col: error[ID]: message" and, when there is a hint, "\n  hint: ...".
std::string FormatDiagnostic(const Diagnostic& diagnostic);
// The same text appended to `out`: reports of 40,000 lines build no
// temporary strings per line.
void AppendDiagnostic(std::string& out, const SourceLoc& loc, Severity severity, std::string_view id,
                      std::string_view message, std::string_view hint);

}  // namespace rekey

#endif  // REKEY_BASE_DIAGNOSTICS_H_
