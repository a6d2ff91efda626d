#include "cli/scan_flags.h"

#include "cli/output.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/source/walk.h"

namespace rekey {

void AddPathsFlag(CLI::App& cmd, ScanFlags& flags) {
  cmd.add_option("paths", flags.paths, "Files or directories to scan (default: .)");
}

void AddScanFlags(CLI::App& cmd, ScanFlags& flags) {
  cmd.add_option("--rules", flags.rules, "Extra rule file or directory (repeatable)");
  cmd.add_option("--disable-rule", flags.disable_rules, "Turn off a rule by id (repeatable)");
  cmd.add_flag("--no-ignore", flags.no_ignore, "Do not read .gitignore files (.git/ is still skipped)");
  cmd.add_option("--exclude", flags.excludes, "Skip paths matching this gitignore-style glob (repeatable)");
  cmd.add_option("--max-file-size", flags.max_file_size, "Skip larger files (e.g. 10MiB, 512k)")->default_str("10MiB");
  cmd.add_option("--threads", flags.threads, "Scanning threads (default: one per core)");
  cmd.add_flag("--no-cache", flags.no_cache, "Compile the rules instead of using the database cache");
  cmd.add_flag("--allow-foreign-markers", flags.allow_foreign_markers,
               "Also honour gitleaks:allow and pragma: allowlist secret comments");
}

std::optional<ScanConfig> MergeScanConfig(ScanFlags& flags) {
  const std::optional<std::string> path = FindConfigFile(".");
  if (!path) return ScanConfig{};
  Diagnostics diags;
  const Config config = LoadConfig(*path, diags);
  PrintDiagnostics(diags);
  if (diags.HasErrors()) return std::nullopt;
  const ScanConfig& scan = config.scan;
  flags.rules.insert(flags.rules.begin(), scan.rules.begin(), scan.rules.end());
  flags.disable_rules.insert(flags.disable_rules.begin(), scan.disable_rules.begin(), scan.disable_rules.end());
  flags.excludes.insert(flags.excludes.begin(), scan.exclude.begin(), scan.exclude.end());
  flags.allow_foreign_markers = flags.allow_foreign_markers || scan.allow_foreign_markers;
  return scan;
}

std::optional<PreparedScan> PrepareScan(const ScanFlags& flags) {
  const Result<std::uint64_t> max_size = ParseByteSize(flags.max_file_size);
  if (!max_size) {
    PrintUsageError("--max-file-size: " + max_size.error().message, max_size.error().hint);
    return std::nullopt;
  }
  // Built-in and user rules, compiled or loaded from the database cache.
  Diagnostics diags;
  PreparedScan prepared;
  prepared.db = LoadScanRules({flags.rules, flags.disable_rules, !flags.no_cache}, diags);
  PrintDiagnostics(diags);
  if (!prepared.db) return std::nullopt;
  ScanOptions& scan = prepared.options;
  scan.walk.paths = flags.paths;
  scan.walk.use_ignore_files = !flags.no_ignore;
  scan.walk.excludes = flags.excludes;
  scan.walk.max_file_size = *max_size;
  scan.threads = flags.threads;
  scan.allow.foreign_markers = flags.allow_foreign_markers;
  return prepared;
}

}  // namespace rekey
