// Where a command's report goes (stdout or --output FILE) and whether it may use
// colour: --color auto|always|never, NO_COLOR (https://no-color.org) and TTY.
#ifndef REKEY_CLI_OUTPUT_H_
#define REKEY_CLI_OUTPUT_H_

#include <cstdio>
#include <string>

#include "rekey/base/diagnostics.h"

namespace rekey {

enum class ColorMode { kAuto, kAlways, kNever };

// True when colour escapes should be written to `stream`.
bool UseColor(ColorMode mode, std::FILE* stream);

// Writes `text` to `path` ("" or "-" = stdout). Returns false (and prints an
// error to stderr) when the file cannot be written.
bool WriteOutput(const std::string& path, const std::string& text);

// Prints every diagnostic to stderr, one "path:line:col: error[ID]: ..." each.
void PrintDiagnostics(const Diagnostics& diags);

// Prints a diagnostic-style error for a usage problem ("rekey: error: ...").
void PrintUsageError(const std::string& message, const std::string& hint = "");

}  // namespace rekey

#endif  // REKEY_CLI_OUTPUT_H_
