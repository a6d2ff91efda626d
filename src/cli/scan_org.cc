#include "cli/scan_org.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/leak_link.h"
#include "cli/output.h"
#include "rekey/base/atomic_file.h"
#include "rekey/scan/repo_scan.h"

namespace rekey {
namespace {

// The writer renders into a string; this sink hands what it has rendered to
// the output whenever a megabyte has gathered (JSON Lines renders each
// finding as it comes, so a run of a thousand repositories holds none of
// them), and counts findings at or above --fail-on.
class StreamingSink : public FindingSink {
 public:
  StreamingSink(const OrgReport& report, const FindingsWriterOptions& options)
      : report_(report), writer_(MakeFindingsWriter(report.format, options, buffer_)) {}

  bool Open() {
    if (report_.output.empty() || report_.output == "-") return true;
    file_.emplace(report_.output, AtomicFileOptions{.mode = 0644, .follow_symlink = true});
    if (Status opened = file_->Open(); !opened) {
      PrintUsageError(opened.error().message, opened.error().hint);
      return false;
    }
    return true;
  }
  void Add(const Finding& finding) override {
    if (AtOrAbove(finding.severity, report_.fail_on)) ++failing_;
    writer_->Add(finding);
    if (buffer_.size() >= kFlushAt) Flush();
  }
  void Finish(const ScanSummary& summary) override {
    writer_->Finish(summary);
    Flush();
  }
  // The report whole at its destination (the file renamed into place).
  bool Close() {
    if (file_) {
      if (Status committed = file_->Commit(); !committed) {
        PrintUsageError(committed.error().message, committed.error().hint);
        return false;
      }
      return true;
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      PrintUsageError("cannot write the report to standard output");
      return false;
    }
    return !write_failed_;
  }
  std::uint64_t failing() const { return failing_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void Flush() {
    if (buffer_.empty()) return;
    if (file_) {
      file_->Write(buffer_);
    } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
      write_failed_ = true;
    }
    buffer_.clear();
  }

  const OrgReport& report_;
  std::string buffer_;
  std::unique_ptr<FindingSink> writer_;
  std::optional<AtomicFile> file_;
  std::uint64_t failing_ = 0;
  bool write_failed_ = false;
};

bool History(const ScanFlags& flags) { return flags.history || !flags.refs.empty(); }

// What besides the rules decides what scanning a blob finds: part of the
// state's key (another setting reads everything again).
std::string ScanIdentity(const ScanOptions& o, const std::string& version) {
  return "rekey " + version + "; archives " + std::to_string(o.unpack.enabled) + "/" +
         std::to_string(o.unpack.max_depth) + "/" + std::to_string(o.unpack.max_bytes) + "/" +
         std::to_string(o.unpack.max_entries) + "/" + std::to_string(o.unpack.max_ratio) + "; decode " +
         std::to_string(o.decode.enabled) + "/" + std::to_string(o.decode.max_depth) + "/" +
         std::to_string(o.decode.max_bytes) + "; findings " + std::to_string(o.max_findings_per_unit) +
         "; foreign markers " + std::to_string(o.allow.foreign_markers);
}

}  // namespace

void AddOrgScanFlags(CLI::App& cmd, ScanFlags& flags) {
  auto* org = cmd.add_option_group("org", "Many repositories, shards, incremental scans");
  org->add_option("--repos", flags.repos,
                  "Scan every repository a FILE lists (PATH [URL] per line) or a DIR holds (clones, bare mirrors); "
                  "with --history, their histories")
      ->type_name("FILE|DIR");
  org->add_option("--shard", flags.shard,
                  "Scan one share of the work: I/N (from 0), or /N with I from JOB_COMPLETION_INDEX; by repository "
                  "with --repos, else by blob; combine the reports with `rekey merge`")
      ->type_name("I/N");
  org->add_option("--state", flags.state,
                  "Incremental --history: read only commits and blobs not scanned before under the same rules; the "
                  "state is kept in FILE (or one file per repository in DIR/)")
      ->type_name("FILE|DIR");
  org->add_flag("--ignore-damaged-state", flags.ignore_damaged_state,
                "A damaged --state file: warn and scan everything again (default: exit 2)");
  org->add_flag("--report-only", flags.report_only,
                "Exit 0 when findings are reported (2 still when something could not be read): for shards, whose "
                "`rekey merge` judges the findings");
  org->add_flag("--print-repos", flags.print_repos,
                "Print the repositories of --repos (of this --shard) as NAME<TAB>PATH<TAB>URL, and scan nothing");
}

bool IsOrgScan(const ScanFlags& flags) {
  return !flags.repos.empty() || !flags.shard.empty() || !flags.state.empty() || flags.print_repos;
}

bool CheckOrgFlags(const ScanFlags& flags) {
  if (!flags.range.empty() || flags.staged || !flags.image.empty()) {
    PrintUsageError("--repos, --shard and --state take --history or a working tree, not --range, --staged or --image",
                    "drop one of them");
    return false;
  }
  if (!flags.repos.empty() && !flags.paths.empty()) {
    PrintUsageError("--repos names the repositories; paths are for a scan of one", "drop the paths");
    return false;
  }
  if (!flags.state.empty() && !History(flags)) {
    PrintUsageError("--state records git blobs: it needs --history",
                    "a working-tree scan reads every file anyway (hashing a file costs its reading)");
    return false;
  }
  if (flags.print_repos && flags.repos.empty()) {
    PrintUsageError("--print-repos lists what --repos names", "add --repos FILE|DIR");
    return false;
  }
  if (History(flags) && flags.repos.empty() && flags.paths.size() > 1) {
    PrintUsageError("a git scan takes one repository path, got " + std::to_string(flags.paths.size()),
                    "e.g. rekey scan --history path/to/repo, or --repos for many");
    return false;
  }
  return true;
}

int RunOrgScan(PreparedScan prepared, const ScanFlags& flags, const OrgReport& report, const GlobalOptions& global) {
  // 1. Which repositories (or the one plain source), and which share of them.
  OrgScanOptions org;
  std::vector<RepoEntry> repos;
  if (!flags.repos.empty()) {
    Result<std::vector<RepoEntry>> listed = ListRepositories(flags.repos);
    if (!listed) {
      PrintUsageError(listed.error().message, listed.error().hint);
      return kExitInputError;
    }
    repos = std::move(*listed);
  } else {
    // One repository, named as a plain scan names it; its state is kept under
    // its absolute path, so runs from other directories share it.
    org.plain = true;
    org.tree_paths = flags.paths;
    const std::string path = flags.paths.empty() ? "." : flags.paths.front();
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::weakly_canonical(path, ec);
    repos.push_back({ec ? path : absolute.string(), path, ""});
  }
  if (!flags.shard.empty()) {
    Result<Shard> shard = ParseShard(flags.shard);
    if (!shard) {
      PrintUsageError(shard.error().message, shard.error().hint);
      return kExitInputError;
    }
    org.shard = *shard;
  }
  // --print-repos: what this shard would scan ("name<TAB>path<TAB>url"), for
  // a job that clones only its share first.
  if (flags.print_repos) {
    for (const RepoEntry& repo : repos) {
      if (InShard(repo.name, org.shard)) std::cout << repo.name << '\t' << repo.path << '\t' << repo.url << '\n';
    }
    return std::cout.flush() ? kExitClean : kExitInputError;
  }
  // 2. How each repository is read.
  org.history = History(flags);
  org.refs = flags.refs;
  org.excludes = EffectiveExcludes(flags);
  org.allow_shallow = flags.allow_shallow;
  org.use_ignore_files = !flags.no_ignore;
  org.max_file_size = prepared.max_file_size;
  org.state = flags.state;
  org.ignore_damaged_state = flags.ignore_damaged_state;
  prepared.options.show_secrets = report.show_secrets;
  prepared.options.baseline = report.baseline;
  org.identity = ScanIdentity(prepared.options, report.tool_version);
  // 3. Scan them, the report streaming to its destination.
  FindingsWriterOptions writer_options;
  writer_options.color = (report.output.empty() || report.output == "-") && UseColor(global.color, stdout);
  writer_options.quiet = global.quiet;
  writer_options.tool_version = report.tool_version;
  StreamingSink sink(report, writer_options);
  if (!sink.Open()) return kExitInputError;
  Result<ScanSummary> summary = ScanRepositories(prepared.db, std::move(prepared.options), repos, org, sink);
  if (!summary) {
    PrintUsageError(summary.error().message, summary.error().hint);
    return kExitInputError;
  }
  if (!sink.Close()) return kExitInputError;
  PrintScanErrors(*summary);
  if (!summary->errors.empty()) return kExitInputError;
  return sink.failing() > 0 && !flags.report_only ? kExitFindings : kExitClean;
}

}  // namespace rekey
