#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace rekey {

bool UseColor(ColorMode mode, std::FILE* stream) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") return false;
  return isatty(fileno(stream)) != 0;
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    PrintUsageError("cannot write " + path, "check that the directory exists and is writable");
    return false;
  }
  return true;
}

void PrintDiagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) std::cerr << FormatDiagnostic(d) << "\n";
}

void PrintUsageError(const std::string& message, const std::string& hint) {
  std::cerr << "rekey: error: " << message << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << hint << "\n";
}

}  // namespace rekey
