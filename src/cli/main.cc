// rekey's entry point: parse the command line, run one subcommand, map the exit
// code. All behaviour lives in the rekey_* libraries; see command.h.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/command.h"
#include "cli/usage_hint.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  rekey::CommandContext ctx;
  CLI::App app{
      "rekey: keeps API keys from rotting. Gates rotation inventories and schedules against\n"
      "policy (check), writes reviewable rotation plans (plan), finds hardcoded keys (scan),\n"
      "carries the plan out against Vault/OpenBao and the providers (apply, rotate, rollback),\n"
      "watches rotations (metrics) and compiles the inventory for the platforms (compile).",
      "rekey"};
  app.set_version_flag("--version", std::string("rekey ") + rekey::kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_flag("-q,--quiet", ctx.global.quiet, "Print only the report, no summary or notes");
  app.add_flag("-v,--verbose", ctx.global.verbose, "More detail on stderr (repeatable)");
  app.add_option_function<std::string>(
         "--color",
         [&ctx](const std::string& when) {
           ctx.global.color = when == "always"  ? rekey::ColorMode::kAlways
                              : when == "never" ? rekey::ColorMode::kNever
                                                : rekey::ColorMode::kAuto;
         },
         "Colour: auto (TTY and no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}, CLI::ignore_case))
      ->type_name("WHEN");
  app.footer(
      "Exit codes: 0 clean, 1 findings or violations at/above --fail-on, 2 usage or input error.\n"
      "Docs: README.md. Run `rekey <command> --help` for a command's options.");

  rekey::AddCheckCommand(app, ctx);
  rekey::AddChecksCommand(app, ctx);
  rekey::AddExplainCommand(app, ctx);
  rekey::AddPlanCommand(app, ctx);
  rekey::AddScanCommand(app, ctx);
  rekey::AddMergeCommand(app, ctx);
  rekey::AddBaselineCommand(app, ctx);
  rekey::AddRulesCommand(app, ctx);
  rekey::AddHookCommand(app, ctx);
  rekey::AddMetricsCommand(app, ctx);
  rekey::AddCompileCommand(app, ctx);
  rekey::AddApplyCommand(app, ctx);
  rekey::AddRotateCommand(app, ctx);
  rekey::AddRollbackCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    rekey::PrintUsageError(e.what(), rekey::UsageHint(app, argc, argv));
    return rekey::kExitInputError;
  }
  return ctx.exit_code;
}
