// `rekey baseline create|update [PATH...]`: record the current findings as
// accepted (fingerprints, rule ids and locations; never a secret) so that
// `rekey scan --baseline FILE` reports only new ones.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/leak_link.h"
#include "cli/output.h"
#include "cli/scan_flags.h"
#include "rekey/config/config.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/scan/scanner.h"

namespace rekey {
namespace {

inline constexpr char kDefaultBaseline[] = ".rekey-baseline.json";

enum class BaselineMode { kCreate, kUpdate };

struct BaselineCommandOptions {
  BaselineMode mode = BaselineMode::kCreate;
  ScanFlags scan;      // what to walk, which rules (shared with `rekey scan`)
  std::string output;  // "" = .rekey.yaml scan.baseline, else .rekey-baseline.json
  bool force = false;  // create: overwrite an existing file
};

std::string Count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::set<std::string> Fingerprints(const std::vector<BaselineEntry>& entries) {
  std::set<std::string> out;
  for (const BaselineEntry& e : entries) out.insert(e.fingerprint);
  return out;
}

int RunBaseline(BaselineCommandOptions options, const GlobalOptions& global) {
  // Settings from .rekey.yaml; where the baseline lives; what it held before.
  const std::optional<ScanConfig> config = MergeScanConfig(options.scan);
  if (!config) return kExitInputError;
  if (options.output.empty()) options.output = config->baseline.empty() ? kDefaultBaseline : config->baseline;
  const bool exists = std::filesystem::exists(options.output);
  if (options.mode == BaselineMode::kCreate && exists && !options.force) {
    PrintUsageError(options.output + " already exists", "use `rekey baseline update`, or --force to replace it");
    return kExitInputError;
  }
  std::optional<Baseline> previous;
  if (options.mode == BaselineMode::kUpdate) {
    Result<Baseline> loaded = Baseline::Load(options.output);
    if (!loaded) {
      PrintUsageError(loaded.error().message, loaded.error().hint);
      return kExitInputError;
    }
    previous = std::move(*loaded);
  }
  // The rules, then every finding of a scan with no baseline applied.
  std::optional<PreparedScan> prepared = PrepareScan(options.scan);
  if (!prepared) return kExitInputError;
  const CollectedScan scan = CollectScan(std::move(*prepared), nullptr);
  const ScanSummary& summary = scan.summary;
  // Write the new baseline and say what changed.
  const Baseline baseline = Baseline::FromFindings(scan.findings);
  if (!WriteOutput(options.output, baseline.ToJson())) return kExitInputError;
  for (const SourceError& error : summary.errors) {
    std::cerr << FormatDiagnostic({Severity::kError,
                                   {error.path, 0, 0},
                                   "RK-SCAN-001",
                                   "cannot read: " + error.message,
                                   "the baseline was written without it"})
              << "\n";
  }
  if (!global.quiet) {
    const std::set<std::string> now = Fingerprints(baseline.entries());
    const std::string where = options.output == "-" ? "stdout" : options.output;
    std::string line = "wrote " + where + ": " + Count(baseline.entries().size(), "entry", "entries") + " (" +
                       Count(now.size(), "secret", "secrets") + ")";
    if (previous) {
      const std::set<std::string> before = Fingerprints(previous->entries());
      std::size_t added = 0, removed = 0;
      for (const std::string& f : now) added += before.count(f) == 0 ? 1 : 0;
      for (const std::string& f : before) removed += now.count(f) == 0 ? 1 : 0;
      line += ", " + std::to_string(added) + " new, " + std::to_string(removed) + " no longer found";
    }
    std::cerr << line << "\n";
  }
  return summary.errors.empty() ? kExitClean : kExitInputError;
}

void AddSharedOptions(CLI::App& cmd, BaselineCommandOptions& options) {
  AddPathsFlag(cmd, options.scan);
  cmd.add_option("-o,--output", options.output,
                 "Baseline file (default: .rekey.yaml scan.baseline, else .rekey-baseline.json)");
  AddScanFlags(cmd, options.scan);
}

}  // namespace

void AddBaselineCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("baseline", "Record current findings as accepted (for scan --baseline)");
  cmd->require_subcommand(1);
  cmd->footer(
      "The file holds fingerprints (sha256 of rule id and secret), rule ids and locations, never a secret.\n"
      "Example: rekey baseline create . && rekey scan . --baseline .rekey-baseline.json");

  auto create = std::make_shared<BaselineCommandOptions>();
  CLI::App* create_cmd = cmd->add_subcommand("create", "Scan and write a new baseline");
  AddSharedOptions(*create_cmd, *create);
  create_cmd->add_flag("--force", create->force, "Replace an existing baseline file");
  create_cmd->callback([create, &ctx] { ctx.exit_code = RunBaseline(*create, ctx.global); });

  auto update = std::make_shared<BaselineCommandOptions>();
  update->mode = BaselineMode::kUpdate;
  CLI::App* update_cmd = cmd->add_subcommand("update", "Rescan and rewrite an existing baseline");
  AddSharedOptions(*update_cmd, *update);
  update_cmd->callback([update, &ctx] { ctx.exit_code = RunBaseline(*update, ctx.global); });
}

}  // namespace rekey
