// `rekey check`: compile the rotation model and gate it against policy.
#include "rekey/policy/check.h"

#include <iostream>

#include "cli/command.h"
#include "cli/leak_link.h"
#include "cli/model_inputs.h"
#include "cli/output.h"
#include "cli/scan_flags.h"
#include "cli/version.h"
#include "rekey/base/text.h"
#include "rekey/report/check_report.h"

namespace rekey {
namespace {

struct CheckOptions {
  ModelOptions model;
  std::string format = "text";
  std::string fail_on = "error";
  std::string output;
  std::vector<std::string> scan;  // --scan PATH: also fail when a managed key is hardcoded there
};

Severity ParseSeverity(const std::string& name) {
  if (name == "note") return Severity::kNote;
  return name == "warning" ? Severity::kWarning : Severity::kError;
}

// --scan PATH...: the working-tree scan `rekey scan PATH` would run (the
// config's scan section and baseline apply), linked to the model. False after
// printing why the scan could not start; unreadable paths are in the summary.
bool ScanForExposures(const CheckOptions& options, const Model& model, CollectedScan& scan, LinkedExposures& linked) {
  ScanFlags flags;
  flags.paths = options.scan;
  flags.config = options.model.config;
  const std::optional<ScanConfig> config = MergeScanConfig(flags);
  if (!config) return false;
  std::optional<PreparedScan> prepared = PrepareScan(flags);
  if (!prepared) return false;
  std::optional<Baseline> baseline;
  if (!config->baseline.empty()) {
    Result<Baseline> loaded = Baseline::Load(config->baseline);
    if (!loaded) {
      PrintUsageError(loaded.error().message, loaded.error().hint);
      return false;
    }
    baseline = std::move(*loaded);
  }
  prepared->options.baseline = baseline ? &*baseline : nullptr;
  scan = CollectScan(std::move(*prepared), nullptr);
  linked = LinkToModel(scan.findings, model);
  return true;
}

int RunCheck(const CheckOptions& options, const GlobalOptions& global) {
  // Load every input, collecting all problems before stopping.
  LoadedModel loaded = LoadModelInputs(options.model);
  if (global.verbose > 0) {
    for (const std::string& file : loaded.model.files) std::cerr << "rekey: read " << file << "\n";
    std::cerr << "rekey: policy " << loaded.policy.source() << ", now " << loaded.now.ToRfc3339() << "\n";
  }
  const std::vector<std::string>& sensitive = loaded.model.sensitive;
  // Evaluate the policy only on a model that loaded cleanly, with what --scan found.
  std::vector<Violation> violations;
  CollectedScan scan;
  if (!loaded.diags.HasErrors()) {
    EvaluateOptions evaluate = PolicyEvaluateOptions();
    LinkedExposures linked;
    if (!options.scan.empty()) {
      if (!ScanForExposures(options, loaded.model, scan, linked)) return kExitInputError;
      PrintScanErrors(scan.summary);
      evaluate.exposures = linked.exposures;
    }
    violations = Evaluate(loaded.model, loaded.policy, loaded.now, evaluate);
  }
  // Render: diagnostics to stderr in text mode, everything in the report otherwise.
  const Model& m = loaded.model;
  CheckResult result{loaded.diags.items(),
                     violations,
                     {m.files.size(), m.keys.size(), m.schedules.size(), m.services.size(), m.audit.size(),
                      loaded.policy.source(), ParseSeverity(options.fail_on), loaded.now.ToRfc3339()}};
  const std::string diagnostics =
      RedactTokens(RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr)), sensitive);
  std::string report;
  if (options.format == "json") {
    report = RenderCheckJson(result);
  } else if (options.format == "sarif" || options.format == "github") {
    std::cerr << diagnostics;
    report = options.format == "sarif" ? RenderCheckSarif(result, kVersion) : RenderCheckGithub(result);
  } else {
    std::cerr << diagnostics;
    if (!loaded.diags.HasErrors()) {
      const bool color = options.output.empty() && UseColor(global.color, stdout);
      report = RenderCheckText(result, color, global.quiet);
    }
  }
  if (!WriteOutput(options.output, RedactTokens(std::move(report), sensitive))) return kExitInputError;
  // Map the outcome to the exit code; a path --scan could not read is an input error.
  const std::string outcome = CheckOutcome(result);
  if (outcome == "input-error" || !scan.summary.errors.empty()) return kExitInputError;
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
  cmd->add_option("--scan", options->scan,
                  "Also scan PATH for hardcoded keys: managed ones fail (RK-INV-007), unmanaged warn (RK-INV-008)")
      ->type_name("PATH");
  cmd->footer(
      "Exit: 0 pass, 1 a violation at or above --fail-on, 2 input error (or a --scan path unreadable).\n"
      "Example: rekey check --inventory inventory.yaml --schedules schedules.yaml --now 2026-11-25T00:00:00Z");
  cmd->callback([options, &ctx] { ctx.exit_code = RunCheck(*options, ctx.global); });
}

}  // namespace rekey
