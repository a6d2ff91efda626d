// "did you mean --inventory?" for mistyped flags and subcommands: CLI11 reports
// unexpected arguments but suggests nothing.
#ifndef REKEY_CLI_USAGE_HINT_H_
#define REKEY_CLI_USAGE_HINT_H_

#include <CLI/CLI.hpp>
#include <string>

namespace rekey {

// A hint line for a parse error of `argv` against `app`.
std::string UsageHint(const CLI::App& app, int argc, char** argv);

}  // namespace rekey

#endif  // REKEY_CLI_USAGE_HINT_H_
