// `rekey scan [PATH...]`: find hardcoded keys in working-tree files. Flags and
// the `.rekey.yaml` scan section become ScanCommandOptions; RunScan wires the
// rules, the baseline and a findings writer around the scan library.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/leak_link.h"
#include "cli/model_inputs.h"
#include "cli/output.h"
#include "cli/scan_flags.h"
#include "cli/scan_org.h"
#include "cli/version.h"
#include "rekey/base/text.h"
#include "rekey/config/config.h"
#include "rekey/plan/plan.h"
#include "rekey/report/check_report.h"
#include "rekey/report/findings_writer.h"
#include "rekey/report/plan_report.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/scan/scanner.h"

namespace rekey {
namespace {

struct ScanCommandOptions {
  ScanFlags scan;               // what to walk, which rules (shared with `rekey baseline`)
  std::string format = "text";  // text | json | jsonl | sarif | github
  std::string output;
  std::string baseline;
  bool show_secrets = false;
  std::string fail_on = "low";  // critical | high | medium | low
  // The link step: findings tied to the inventory when one is named (flags or
  // .rekey.yaml), and the emergency plan for the leaked keys (--plan FILE).
  ModelOptions model;
  bool no_link = false;
  std::string plan;
};

RuleSeverity FailOnSeverity(const std::string& name) {
  if (name == "critical") return RuleSeverity::kCritical;
  if (name == "high") return RuleSeverity::kHigh;
  if (name == "medium") return RuleSeverity::kMedium;
  return RuleSeverity::kLow;
}

// Forwards to the writer and counts findings at or above --fail-on.
class FailOnSink : public FindingSink {
 public:
  FailOnSink(FindingSink& next, RuleSeverity threshold) : next_(next), threshold_(threshold) {}
  void Add(const Finding& finding) override {
    if (AtOrAbove(finding.severity, threshold_)) ++failing_;
    next_.Add(finding);
  }
  void Finish(const ScanSummary& summary) override { next_.Finish(summary); }
  std::uint64_t failing() const { return failing_; }

 private:
  FindingSink& next_;
  RuleSeverity threshold_;
  std::uint64_t failing_ = 0;
};

// "scanning: 1200/5000 files, 312.4 MiB" on stderr, redrawn every 100 ms once
// the scan has run for a second; only when stderr is a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(const ScanProgress& progress) : progress_(progress), thread_([this] { Loop(); }) {}
  ~ProgressLine() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  void Loop() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return done_; })) {
      if (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) continue;
      const std::uint64_t total = progress_.files_total.load();
      if (total == 0) {
        std::fprintf(stderr, "\r\033[Kscanning: listing files...");
      } else {
        std::fprintf(stderr, "\r\033[Kscanning: %llu/%llu files, %.1f MiB",
                     static_cast<unsigned long long>(progress_.files_done.load()),
                     static_cast<unsigned long long>(total),
                     static_cast<double>(progress_.bytes_done.load()) / (1 << 20));
      }
      std::fflush(stderr);
      drawn_ = true;
    }
  }

  const ScanProgress& progress_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

void PrintNotes(const ScanSummary& summary, bool quiet) {
  PrintScanErrors(summary);
  if (quiet || summary.unused_baseline.empty()) return;
  Diagnostics notes;
  std::string entries;
  for (const BaselineEntry& e : summary.unused_baseline) {
    entries +=
        "\n  unused: " + e.path + ":" + std::to_string(e.line) + " " + e.rule_id + " " + e.fingerprint.substr(0, 12);
  }
  notes.Add({Severity::kNote,
             {},
             "RK-SCAN-002",
             std::to_string(summary.unused_baseline.size()) +
                 (summary.unused_baseline.size() == 1 ? " baseline entry" : " baseline entries") + " matched nothing" +
                 entries,
             "the secrets were removed or rotated; `rekey baseline update` drops the entries"});
  PrintDiagnostics(notes);
}

// The inventory to link findings to: the model flags, else the config's
// model; none named = no linking. nullopt after printing input errors.
std::optional<LoadedModel> LoadLinkModel(const ScanCommandOptions& options) {
  if (options.no_link) return LoadedModel{};
  ModelOptions model = options.model;
  model.config = options.scan.config;
  model.cwd_defaults = false;
  LoadedModel loaded = LoadModelInputs(model);
  std::cerr << RedactTokens(RenderDiagnosticsText(loaded.diags.items(), false), loaded.model.sensitive);
  if (loaded.diags.HasErrors()) return std::nullopt;
  return loaded;
}

// --plan FILE: the emergency rotation of every linked key (Markdown, or JSON
// when FILE ends in .json), redacted like every model output.
bool WriteLeakPlan(const ScanCommandOptions& options, const LoadedModel& loaded, const LinkedExposures& linked) {
  EvaluateOptions evaluate = PolicyEvaluateOptions();
  evaluate.exposures = linked.exposures;
  PlanOptions plan_options;
  plan_options.from = loaded.now;
  plan_options.leak_response = true;
  plan_options.exposures = linked.exposures;
  plan_options.unmanaged = linked.unmanaged;
  const RotationPlan plan =
      BuildPlan(loaded.model, Evaluate(loaded.model, loaded.policy, loaded.now, evaluate), plan_options);
  const std::string format = options.plan.ends_with(".json") ? "json" : "markdown";
  return WriteOutput(options.plan, RedactTokens(RenderPlan(plan, format), loaded.model.sensitive));
}

int RunScan(ScanCommandOptions options, const GlobalOptions& global) {
  // Settings from .rekey.yaml join the flags (a --baseline flag wins).
  const std::optional<ScanConfig> config = MergeScanConfig(options.scan);
  if (!config) return kExitInputError;
  if (options.baseline.empty()) options.baseline = config->baseline;
  // Built-in and user rules, compiled or loaded from the database cache.
  std::optional<PreparedScan> prepared = PrepareScan(options.scan);
  if (!prepared) return kExitInputError;
  // The accepted findings to suppress, if any.
  std::optional<Baseline> baseline;
  if (!options.baseline.empty()) {
    Result<Baseline> loaded = Baseline::Load(options.baseline);
    if (!loaded) {
      PrintUsageError(loaded.error().message, loaded.error().hint);
      return kExitInputError;
    }
    baseline = std::move(*loaded);
  }
  // Many repositories, a shard, or an incremental scan: streamed, not linked.
  if (IsOrgScan(options.scan)) {
    if (!options.model.inventory.empty() || !options.plan.empty()) {
      PrintUsageError("--repos, --shard and --state do not link findings to an inventory",
                      "link the merged report: rekey plan --from-findings findings.json");
      return kExitInputError;
    }
    const OrgReport report{ParseFindingsFormat(options.format).value_or(FindingsFormat::kText),
                           options.output,
                           baseline ? &*baseline : nullptr,
                           options.show_secrets,
                           FailOnSeverity(options.fail_on),
                           kVersion};
    return RunOrgScan(std::move(*prepared), options.scan, report, global);
  }
  // The inventory the findings are linked to, when one is named.
  std::optional<LoadedModel> model = LoadLinkModel(options);
  if (!model) return kExitInputError;
  const bool link = !model->model.files.empty();
  if (!options.plan.empty() && !link) {
    PrintUsageError("--plan needs the inventory the leaked keys belong to",
                    "add --inventory FILE (and --schedules, --services), or name them in .rekey.yaml");
    return kExitInputError;
  }
  // Walk, read and match, with a progress line on a terminal.
  ScanProgress progress;
  prepared->options.show_secrets = options.show_secrets;
  prepared->options.baseline = baseline ? &*baseline : nullptr;
  CollectedScan scan;
  {
    std::optional<ProgressLine> line;
    if (!global.quiet && isatty(STDERR_FILENO)) line.emplace(progress);
    scan = CollectScan(std::move(*prepared), &progress);
  }
  // Which inventory key each finding most likely is.
  LinkedExposures linked;
  if (link) linked = LinkToModel(scan.findings, model->model);
  // The report, then notes: unreadable paths, stale baseline entries.
  std::string report;
  FindingsWriterOptions writer_options;
  writer_options.color = options.output.empty() && UseColor(global.color, stdout);
  writer_options.quiet = global.quiet;
  writer_options.tool_version = kVersion;
  writer_options.linked = link;
  writer_options.unmanaged = linked.unmanaged;
  std::unique_ptr<FindingSink> writer =
      MakeFindingsWriter(ParseFindingsFormat(options.format).value_or(FindingsFormat::kText), writer_options, report);
  FailOnSink sink(*writer, FailOnSeverity(options.fail_on));
  for (const Finding& finding : scan.findings) sink.Add(finding);
  sink.Finish(scan.summary);
  if (!options.show_secrets) report = RedactTokens(std::move(report), model->model.sensitive);
  if (!WriteOutput(options.output, report)) return kExitInputError;
  if (!options.plan.empty() && !WriteLeakPlan(options, *model, linked)) return kExitInputError;
  PrintNotes(scan.summary, global.quiet);
  if (!scan.summary.errors.empty()) return kExitInputError;
  return sink.failing() > 0 ? kExitFindings : kExitClean;
}

}  // namespace

void AddScanCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* cmd = app.add_subcommand("scan", "Find hardcoded keys in files, staged changes and git history");
  AddPathsFlag(*cmd, options->scan);
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "sarif", "github"}))
      ->default_str("text");
  cmd->add_option("-o,--output", options->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--baseline", options->baseline, "Suppress the findings recorded in this baseline file");
  AddScanFlags(*cmd, options->scan);
  AddOrgScanFlags(*cmd, options->scan);
  cmd->add_flag("--show-secrets", options->show_secrets, "Print secrets in clear (text, json, jsonl)");
  cmd->add_option("--fail-on", options->fail_on, "Lowest finding severity that fails (exit 1)")
      ->check(CLI::IsMember({"critical", "high", "medium", "low"}))
      ->default_str("low");
  auto* link = cmd->add_option_group("link", "Tie findings to the inventory (default when .rekey.yaml names one)");
  link->add_option("--inventory", options->model.inventory, "Inventory file, directory or glob (repeatable)");
  link->add_option("--schedules", options->model.schedules, "Rotation schedules file, directory or glob (repeatable)");
  link->add_option("--services", options->model.services, "Consumer services file, directory or glob (repeatable)");
  link->add_option("--policy", options->model.policy, "Policy for the --plan (default: built-in)");
  link->add_option("--now", options->model.now, "The instant the --plan starts at, RFC 3339 (default: the clock)");
  link->add_flag("--no-link", options->no_link, "Do not read the inventory even if .rekey.yaml names one");
  link->add_option("--plan", options->plan,
                   "Also write the emergency rotation plan of the leaked keys to FILE (Markdown; JSON if *.json)")
      ->type_name("FILE");
  cmd->footer(
      "Exit: 0 no findings, 1 a finding at or above --fail-on, 2 usage error or a path could not be read.\n"
      "Inline allow: `# rekey:allow [RULE-ID,...]` at the end of a line accepts that line only; alone on its\n"
      "line, the next line. With rule ids, only those rules.\n"
      "Examples: rekey scan . --format sarif --output rekey.sarif --baseline .rekey-baseline.json\n"
      "          rekey scan --history .            rekey scan --range origin/main..HEAD\n"
      "          rekey scan . --inventory inventory.yaml --plan PLAN.md   (leak response)\n"
      "          rekey scan --repos mirrors/ --history --shard 0/4 --state state/ --format json -o shard-0.json\n"
      "          rekey merge shard-*.json -o findings.json   (org-wide: README \"Scanning an organisation\")");
  cmd->callback([options, &ctx] { ctx.exit_code = RunScan(*options, ctx.global); });
}

}  // namespace rekey
