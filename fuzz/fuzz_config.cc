// Fuzz target: the project configuration (`.rekey.yaml`, LoadConfig). It is
// found by walking up to the git root, so a scanned repository supplies it:
// hostile input. LoadConfig reads a path, so each input is written to one file
// in a private directory first (the YAML guards and the path resolution are
// what is exercised, not the read). Every problem must be a diagnostic that
// names this file at a line the file has.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/config/config.h"

namespace {

std::string ConfigPath() {
  static const std::string path = [] {
    char dir[] = "/tmp/rekey-fuzz-config-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    return std::string(dir) + "/.rekey.yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ConfigPath();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  rekey::Diagnostics diags;
  (void)rekey::LoadConfig(path, diags);
  int lines = 1;
  for (size_t i = 0; i < size; ++i) lines += data[i] == '\n' || data[i] == '\r';  // YAML breaks lines at both
  for (const rekey::Diagnostic& d : diags.items()) {
    if (d.id.empty() || d.loc.path != path || d.loc.line < 0 || d.loc.line > lines) {
      std::fprintf(stderr, "bad diagnostic: %s\n", rekey::FormatDiagnostic(d).c_str());
      std::abort();
    }
  }
  return 0;
}
