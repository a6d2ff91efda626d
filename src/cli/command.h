// The CLI's shared wiring: options every subcommand honours, the exit codes,
// and one Add<Name>Command per subcommand file. A subcommand file turns CLI11
// flags into a typed options struct and calls one Run<Name>(options) function;
// no library below cli sees CLI11.
#ifndef REKEY_CLI_COMMAND_H_
#define REKEY_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>

#include "cli/output.h"

namespace rekey {

// Exit codes shared by every command (README "Exit codes").
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;    // findings/violations at or above --fail-on; stale plan
inline constexpr int kExitInputError = 2;  // usage or input error; something could not be read

// Filled by the top-level flags before any subcommand runs.
struct GlobalOptions {
  bool quiet = false;
  int verbose = 0;
  ColorMode color = ColorMode::kAuto;
};

// Shared state a subcommand's callback writes its result into.
struct CommandContext {
  GlobalOptions global;
  int exit_code = kExitClean;
};

void AddCheckCommand(CLI::App& app, CommandContext& ctx);
void AddChecksCommand(CLI::App& app, CommandContext& ctx);
void AddExplainCommand(CLI::App& app, CommandContext& ctx);
void AddPlanCommand(CLI::App& app, CommandContext& ctx);
void AddScanCommand(CLI::App& app, CommandContext& ctx);
void AddMergeCommand(CLI::App& app, CommandContext& ctx);
void AddBaselineCommand(CLI::App& app, CommandContext& ctx);
void AddRulesCommand(CLI::App& app, CommandContext& ctx);
void AddHookCommand(CLI::App& app, CommandContext& ctx);
void AddMetricsCommand(CLI::App& app, CommandContext& ctx);
void AddCompileCommand(CLI::App& app, CommandContext& ctx);
void AddApplyCommand(CLI::App& app, CommandContext& ctx);
void AddRotateCommand(CLI::App& app, CommandContext& ctx);
void AddRollbackCommand(CLI::App& app, CommandContext& ctx);

}  // namespace rekey

#endif  // REKEY_CLI_COMMAND_H_
