// `rekey check`: compile the rotation model and gate it against policy.
#include <iostream>

#include "cli/command.h"
#include "cli/model_inputs.h"
#include "cli/secret_detector.h"
#include "cli/version.h"
#include "rekey/policy/check.h"
#include "rekey/report/check_report.h"

namespace rekey {
namespace {

struct CheckOptions {
  ModelOptions model;
  std::string format = "text";
  std::string fail_on = "error";
  std::string output;
};

Severity ParseSeverity(const std::string& name) {
  if (name == "note") return Severity::kNote;
  return name == "warning" ? Severity::kWarning : Severity::kError;
}

int RunCheck(const CheckOptions& options, const GlobalOptions& global) {
  // Load every input, collecting all problems before stopping.
  LoadedModel loaded = LoadModelInputs(options.model);
  if (global.verbose > 0) {
    for (const std::string& file : loaded.model.files) std::cerr << "rekey: read " << file << "\n";
    std::cerr << "rekey: policy " << loaded.policy.source() << ", now " << loaded.now.ToRfc3339() << "\n";
  }
  // Evaluate the policy only on a model that loaded cleanly.
  std::vector<Violation> violations;
  if (!loaded.diags.HasErrors()) {
    EvaluateOptions evaluate;
    evaluate.detector = InventorySecretDetector();
    violations = Evaluate(loaded.model, loaded.policy, loaded.now, evaluate);
  }
  // Render: diagnostics to stderr in text mode, everything in the report otherwise.
  const Model& m = loaded.model;
  CheckResult result{loaded.diags.items(), violations,
                     {m.files.size(), m.keys.size(), m.schedules.size(), m.services.size(), m.audit.size(),
                      loaded.policy.source(), ParseSeverity(options.fail_on), loaded.now.ToRfc3339()}};
  std::string report;
  if (options.format == "json") {
    report = RenderCheckJson(result);
  } else if (options.format == "sarif" || options.format == "github") {
    std::cerr << RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr));
    report = options.format == "sarif" ? RenderCheckSarif(result, kVersion) : RenderCheckGithub(result);
  } else {
    std::cerr << RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr));
    if (!loaded.diags.HasErrors()) {
      const bool color = options.output.empty() && UseColor(global.color, stdout);
      report = RenderCheckText(result, color, global.quiet);
    }
  }
  if (!WriteOutput(options.output, report)) return kExitInputError;
  // Map the outcome to the exit code.
  const std::string outcome = CheckOutcome(result);
  if (outcome == "input-error") return kExitInputError;
  return outcome == "fail" ? kExitFindings : kExitClean;
}

}  // namespace

void AddCheckCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Gate inventories, schedules and services against policy");
  AddModelOptions(*cmd, options->model);
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->default_str("text");
  cmd->add_option("--fail-on", options->fail_on, "Lowest violation severity that fails (exit 1)")
      ->check(CLI::IsMember({"error", "warning", "note"}))
      ->default_str("error");
  cmd->add_option("-o,--output", options->output, "Write the report to FILE instead of stdout");
  cmd->footer("Exit: 0 pass, 1 a violation at or above --fail-on, 2 input error.\n"
              "Example: rekey check --inventory inventory.yaml --schedules schedules.yaml --now 2026-11-25T00:00:00Z");
  cmd->callback([options, &ctx] { ctx.exit_code = RunCheck(*options, ctx.global); });
}

}  // namespace rekey
