#include "cli/scan_flags.h"

#include <memory>
#include <vector>

#include "cli/output.h"
#include "cli/scan_org.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/source/git_source.h"
#include "rekey/source/image_source.h"
#include "rekey/source/tree_source.h"
#include "rekey/source/walk.h"

namespace rekey {

void AddPathsFlag(CLI::App& cmd, ScanFlags& flags) {
  cmd.add_option("paths", flags.paths,
                 "Files or directories to scan (default: .); with a git mode, the repository (default: .)");
}

void AddScanFlags(CLI::App& cmd, ScanFlags& flags) {
  cmd.add_option("--rules", flags.rules, "Extra rule file or directory (repeatable)");
  cmd.add_option("--disable-rule", flags.disable_rules, "Turn off a rule by id (repeatable)");
  cmd.add_option("--ruleset", flags.rulesets,
                 "Rule sets to run (repeatable): default, hashes (password hashes), assets (resource identifiers), "
                 "all (default: default)");
  cmd.add_flag("--no-ignore", flags.no_ignore, "Do not read .gitignore files (.git/ is still skipped)");
  cmd.add_option("--exclude", flags.excludes, "Skip paths matching this gitignore-style glob (repeatable)");
  std::string vendored;
  for (const char* dir : kVendoredDirectories) vendored += std::string(vendored.empty() ? "" : " ") + dir;
  cmd.add_flag("--include-vendored", flags.include_vendored,
               "Also scan vendored third-party directories, skipped by default: " + vendored);
  cmd.add_option("--max-file-size", flags.max_file_size,
                 "Skip larger files, counted in the summary (e.g. 10MiB; default: none, any size is scanned in "
                 "bounded memory)");
  cmd.add_option("--stdin-name", flags.stdin_name, "The name standard input (path -) has in reports")->default_str("-");
  cmd.add_option("--threads", flags.threads, "Scanning threads (default: one per core)");
  cmd.add_option("--max-findings-per-file", flags.max_findings_per_file,
                 "Report at most this many findings per file, counting the rest (0 = no cap)")
      ->default_str("1000");
  auto* inside = cmd.add_option_group("inside", "Archives and encoded text inside what is scanned");
  inside->add_flag("--no-archives", flags.no_archives,
                   "Do not unpack zip/jar/tar/7z/gzip/bzip2/xz/zstd archives (they are then binary, skipped)");
  inside->add_option("--archive-depth", flags.archive_depth, "Archives inside archives, this deep")->default_str("3");
  inside->add_option("--archive-max-bytes", flags.archive_max_bytes, "Uncompressed bytes read per archive")
      ->default_str("4GiB");
  inside->add_option("--archive-max-entries", flags.archive_max_entries, "Entries read per archive")
      ->default_str("100000");
  inside
      ->add_option("--archive-max-ratio", flags.archive_max_ratio,
                   "Largest compression ratio (zip bombs); reaching any limit is an error, exit 2")
      ->default_str("250");
  inside->add_flag("--no-decode", flags.no_decode,
                   "Do not decode base64, hex, percent and \\u/\\x escapes to scan them again");
  inside->add_option("--decode-depth", flags.decode_depth, "Encoded text inside decoded text, this deep")
      ->default_str("2");
  cmd.add_flag("--no-cache", flags.no_cache, "Compile the rules instead of using the database cache");
  cmd.add_flag("--allow-foreign-markers", flags.allow_foreign_markers,
               "Also honour gitleaks:allow and pragma: allowlist secret comments");
  cmd.add_option("--config", flags.config, "Configuration file (default: .rekey.yaml in cwd or git root)");
  auto* git = cmd.add_option_group("git", "Git sources (the path is the repository)");
  git->add_flag("--history", flags.history, "Scan every blob reachable from all refs, each unique blob once");
  git->add_option("--ref", flags.refs, "With --history: start from this revision instead of all refs (repeatable)");
  git->add_option("--range", flags.range, "Scan only what the commits in A..B introduce (pull requests)");
  git->add_flag("--staged", flags.staged, "Scan the index against HEAD; report only lines the commit adds");
  git->add_flag("--whole-files", flags.whole_files, "With --staged: report findings anywhere in the staged files");
  git->add_flag("--allow-shallow", flags.allow_shallow,
                "Scan a shallow clone's partial history (default: exit 2, \"shallow repository: history truncated "
                "at ...\")");
  cmd.add_option("--image", flags.image,
                 "Scan a container image: a `docker save` tarball or an OCI layout directory (each layer once; "
                 "files deleted by a later layer are still reported)")
      ->type_name("PATH");
}

namespace {

// The git mode the flags ask for, or nullopt for a working-tree scan; false
// after printing a usage error when modes conflict.
bool GitModeOf(const ScanFlags& flags, std::optional<GitMode>& mode) {
  const int modes =
      (flags.history || !flags.refs.empty() ? 1 : 0) + (flags.range.empty() ? 0 : 1) + (flags.staged ? 1 : 0);
  if (modes > 1) {
    PrintUsageError("--history/--ref, --range and --staged are different scans", "pick one of them");
    return false;
  }
  if (flags.whole_files && !flags.staged) {
    PrintUsageError("--whole-files only applies to --staged", "add --staged or drop --whole-files");
    return false;
  }
  if (modes == 1 && !flags.image.empty()) {
    PrintUsageError("--image and the git modes are different scans", "pick one of them");
    return false;
  }
  if (modes == 1 && flags.paths.size() > 1) {
    PrintUsageError("a git scan takes one repository path, got " + std::to_string(flags.paths.size()),
                    "e.g. rekey scan --history path/to/repo");
    return false;
  }
  if (flags.history || !flags.refs.empty()) mode = GitMode::kHistory;
  if (!flags.range.empty()) mode = GitMode::kRange;
  if (flags.staged) mode = GitMode::kStaged;
  return true;
}

// The rules database is the largest structure a scan builds (the Hyperscan
// database and, once used, one RE2 per rule with its DFA cache). Freeing it
// took ~20 ms of a 110 MB scan, right before the process exits and the kernel
// takes it all back at once; so it is kept reachable until exit instead (a
// reachable block is no leak to LeakSanitizer).
void RetainUntilExit(std::shared_ptr<const RulesDatabase> db) {
  static auto* retained = new std::vector<std::shared_ptr<const RulesDatabase>>();
  retained->push_back(std::move(db));
}

}  // namespace

std::optional<ScanConfig> MergeScanConfig(ScanFlags& flags) {
  const std::optional<std::string> path = flags.config.empty() ? FindConfigFile(".") : flags.config;
  if (!path) return ScanConfig{};
  Diagnostics diags;
  const Config config = LoadConfig(*path, diags);
  PrintDiagnostics(diags);
  if (diags.HasErrors()) return std::nullopt;
  const ScanConfig& scan = config.scan;
  flags.rules.insert(flags.rules.begin(), scan.rules.begin(), scan.rules.end());
  flags.disable_rules.insert(flags.disable_rules.begin(), scan.disable_rules.begin(), scan.disable_rules.end());
  if (flags.rulesets.empty()) flags.rulesets = scan.rulesets;  // the flag replaces the config's choice
  flags.excludes.insert(flags.excludes.begin(), scan.exclude.begin(), scan.exclude.end());
  flags.allow_foreign_markers = flags.allow_foreign_markers || scan.allow_foreign_markers;
  flags.include_vendored = flags.include_vendored || scan.include_vendored;
  flags.allow_shallow = flags.allow_shallow || scan.allow_shallow;
  return scan;
}

std::vector<std::string> EffectiveExcludes(const ScanFlags& flags) {
  // Vendored code is excluded first: the user's `!negations` come after and win.
  std::vector<std::string> excludes;
  if (!flags.include_vendored) excludes.assign(std::begin(kVendoredDirectories), std::end(kVendoredDirectories));
  excludes.insert(excludes.end(), flags.excludes.begin(), flags.excludes.end());
  return excludes;
}

std::optional<PreparedScan> PrepareScan(const ScanFlags& flags) {
  const Result<std::uint64_t> max_size = flags.max_file_size.empty() ? 0 : ParseByteSize(flags.max_file_size);
  if (!max_size) {
    PrintUsageError("--max-file-size: " + max_size.error().message, max_size.error().hint);
    return std::nullopt;
  }
  const Result<std::uint64_t> archive_bytes = ParseByteSize(flags.archive_max_bytes);
  if (!archive_bytes) {
    PrintUsageError("--archive-max-bytes: " + archive_bytes.error().message, archive_bytes.error().hint);
    return std::nullopt;
  }
  // Built-in and user rules, compiled or loaded from the database cache.
  Diagnostics diags;
  PreparedScan prepared;
  prepared.db = LoadScanRules({flags.rules, flags.disable_rules, flags.rulesets, !flags.no_cache}, diags);
  PrintDiagnostics(diags);
  if (!prepared.db) return std::nullopt;
  RetainUntilExit(prepared.db);
  const std::vector<std::string> excludes = EffectiveExcludes(flags);
  ScanOptions& scan = prepared.options;
  scan.threads = flags.threads;
  scan.allow.foreign_markers = flags.allow_foreign_markers;
  scan.max_findings_per_unit = flags.max_findings_per_file;
  scan.unpack.enabled = !flags.no_archives;
  scan.unpack.max_depth = flags.archive_depth;
  scan.unpack.max_bytes = *archive_bytes;
  scan.unpack.max_entries = flags.archive_max_entries;
  scan.unpack.max_ratio = flags.archive_max_ratio;
  scan.decode.enabled = !flags.no_decode;
  scan.decode.max_depth = flags.decode_depth;
  prepared.max_file_size = *max_size;
  // Org-wide, sharded and incremental scans list their sources themselves.
  if (IsOrgScan(flags)) {
    if (!CheckOrgFlags(flags)) return std::nullopt;
    return prepared;
  }
  // Git modes: list the blobs to read (history, range or staged).
  std::optional<GitMode> mode;
  if (!GitModeOf(flags, mode)) return std::nullopt;
  if (mode) {
    GitSourceOptions git;
    git.repo = flags.paths.empty() ? "." : flags.paths.front();
    git.mode = *mode;
    git.refs = flags.refs;
    git.range = flags.range;
    git.excludes = excludes;
    git.allow_shallow = flags.allow_shallow;
    Result<GitListing> listing = ListGitBlobs(git);
    if (!listing) {
      PrintUsageError(listing.error().message, listing.error().hint);
      return std::nullopt;
    }
    prepared.source = MakeGitSource(std::move(*listing), {*max_size, flags.whole_files});
    return prepared;
  }
  if (!flags.image.empty()) {
    if (!flags.paths.empty()) {
      PrintUsageError("--image scans an image; paths are for a working tree", "scan them in a separate run");
      return std::nullopt;
    }
    prepared.source = MakeImageSource(flags.image);
    return prepared;
  }
  // The working tree (and standard input for "-").
  TreeSourceOptions tree;
  tree.walk.paths = flags.paths;
  tree.walk.use_ignore_files = !flags.no_ignore;
  tree.walk.excludes = excludes;
  tree.max_file_size = *max_size;
  tree.stdin_name = flags.stdin_name;
  prepared.source = MakeTreeSource(std::move(tree));
  return prepared;
}

}  // namespace rekey
