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
#include "cli/output.h"
#include "rekey/config/config.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/scan/scanner.h"

namespace rekey {
namespace {

inline constexpr char kDefaultBaseline[] = ".rekey-baseline.json";

enum class BaselineMode { kCreate, kUpdate };

struct BaselineCommandOptions {
  BaselineMode mode = BaselineMode::kCreate;
  std::vector<std::string> paths;
  std::string output;  // "" = .rekey.yaml scan.baseline, else .rekey-baseline.json
  bool force = false;  // create: overwrite an existing file
  std::vector<std::string> rules;
  std::vector<std::string> disable_rules;
  bool no_ignore = false;
  std::vector<std::string> excludes;
  std::string max_file_size = "10MiB";
  unsigned threads = 0;
  bool no_cache = false;
  bool allow_foreign_markers = false;
};

// The `.rekey.yaml` scan section joins the flags, as for `rekey scan`.
bool ApplyConfig(BaselineCommandOptions& options) {
  const std::optional<std::string> path = FindConfigFile(".");
  Config config;
  if (path) {
    Diagnostics diags;
    config = LoadConfig(*path, diags);
    PrintDiagnostics(diags);
    if (diags.HasErrors()) return false;
  }
  options.rules.insert(options.rules.begin(), config.scan.rules.begin(), config.scan.rules.end());
  options.disable_rules.insert(options.disable_rules.begin(), config.scan.disable_rules.begin(),
                               config.scan.disable_rules.end());
  options.excludes.insert(options.excludes.begin(), config.scan.exclude.begin(), config.scan.exclude.end());
  if (options.output.empty()) options.output = config.scan.baseline.empty() ? kDefaultBaseline : config.scan.baseline;
  options.allow_foreign_markers = options.allow_foreign_markers || config.scan.allow_foreign_markers;
  return true;
}

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary&) override {}
  std::vector<Finding> findings;
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
  if (!ApplyConfig(options)) return kExitInputError;
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
  const Result<std::uint64_t> max_size = ParseByteSize(options.max_file_size);
  if (!max_size) {
    PrintUsageError("--max-file-size: " + max_size.error().message, max_size.error().hint);
    return kExitInputError;
  }
  // The rules, then every finding of a scan with no baseline applied.
  Diagnostics diags;
  std::shared_ptr<const RulesDatabase> db =
      LoadScanRules({options.rules, options.disable_rules, !options.no_cache}, diags);
  PrintDiagnostics(diags);
  if (!db) return kExitInputError;
  ScanOptions scan;
  scan.walk.paths = options.paths;
  scan.walk.use_ignore_files = !options.no_ignore;
  scan.walk.excludes = options.excludes;
  scan.walk.max_file_size = *max_size;
  scan.threads = options.threads;
  scan.allow.foreign_markers = options.allow_foreign_markers;
  CollectingSink sink;
  const ScanSummary summary = Scanner(db, std::move(scan)).Run(sink);
  // Write the new baseline and say what changed.
  const Baseline baseline = Baseline::FromFindings(sink.findings);
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
  cmd.add_option("paths", options.paths, "Files or directories to scan (default: .)");
  cmd.add_option("-o,--output", options.output,
                 "Baseline file (default: .rekey.yaml scan.baseline, else .rekey-baseline.json)");
  cmd.add_option("--rules", options.rules, "Extra rule file or directory (repeatable)");
  cmd.add_option("--disable-rule", options.disable_rules, "Turn off a rule by id (repeatable)");
  cmd.add_flag("--no-ignore", options.no_ignore, "Do not read .gitignore files");
  cmd.add_option("--exclude", options.excludes, "Skip paths matching this gitignore-style glob (repeatable)");
  cmd.add_option("--max-file-size", options.max_file_size, "Skip larger files (e.g. 10MiB)")->default_str("10MiB");
  cmd.add_option("--threads", options.threads, "Scanning threads (default: one per core)");
  cmd.add_flag("--no-cache", options.no_cache, "Compile the rules instead of using the database cache");
  cmd.add_flag("--allow-foreign-markers", options.allow_foreign_markers,
               "Also honour gitleaks:allow and pragma: allowlist secret comments");
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
