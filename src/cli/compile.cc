// `rekey compile prometheus|alertmanager|kubernetes|aws`: the inventory
// compiled to what the platforms run; --check fails CI when the committed
// files are stale.
#include "rekey/emit/compile.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/command.h"
#include "cli/model_inputs.h"
#include "cli/output.h"
#include "rekey/base/atomic_file.h"
#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rekey/report/check_report.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

struct CompileCliOptions {
  std::string target;
  ModelOptions model;
  std::string output;  // FILE or DIR (kubernetes: DIR); "" = stdout
  bool check = false;
  CompileOptions compile;
  bool kubernetes_flags = false;    // a kubernetes flag was given
  bool cluster_only_flags = false;  // one of those that scan-jobs does not take either
  bool scan_jobs_flags = false;     // a scan-jobs flag was given
};

// kubernetes and scan-jobs write several files into a directory.
bool WritesDirectory(CompileTarget target) {
  return target == CompileTarget::kKubernetes || target == CompileTarget::kScanJobs;
}

int InputError(const std::string& message, const std::string& hint = "") {
  PrintUsageError(message, hint);
  return kExitInputError;
}

bool IsDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

// Files the kubernetes target wrote into `dir` before: named like its files and stamped by it.
std::vector<std::string> CommittedKubernetesFiles(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name == DefaultFileName(CompileTarget::kKubernetes) || name == "rekey-external-secrets.yaml" ||
                      (name.starts_with("rekey-vault-agent-") && name.ends_with(".patch.yaml"));
    if (!ours) continue;
    Result<std::string> text = ReadRegularFile(entry.path().string(), {});
    if (!text) continue;
    std::optional<CompileStamp> stamp = ReadCompileStamp(*text);
    if (stamp && stamp->target == CompileTarget::kKubernetes) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Where each generated file goes: DIR/name for kubernetes and for an existing
// directory, else the file itself.
std::string PathOf(const CompileCliOptions& o, CompileTarget target, const std::string& name) {
  if (WritesDirectory(target) || IsDirectory(o.output)) return (fs::path(o.output) / name).string();
  return o.output;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// Lines of `a` that `b` lacks, counting repeats, in `a`'s order.
std::vector<std::string> Missing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::map<std::string, int> have;
  for (const std::string& l : b) ++have[l];
  std::vector<std::string> out;
  for (const std::string& l : a) {
    if (have[l] > 0)
      --have[l];
    else
      out.push_back(l);
  }
  return out;
}

std::string DiffSummary(const std::string& committed, const std::string& fresh) {
  const std::vector<std::string> old_lines = Lines(committed), new_lines = Lines(fresh);
  const std::vector<std::string> removed = Missing(old_lines, new_lines), added = Missing(new_lines, old_lines);
  std::string out = "    " + std::to_string(removed.size()) + " line(s) only in the committed file, " +
                    std::to_string(added.size()) + " only in the regenerated one\n";
  constexpr size_t kShow = 6;
  for (size_t i = 0; i < removed.size() && i < kShow; ++i) out += "    - " + removed[i] + "\n";
  for (size_t i = 0; i < added.size() && i < kShow; ++i) out += "    + " + added[i] + "\n";
  return out;
}

// A value as one shell word: as is when safe, else single-quoted.
std::string ShellWord(const std::string& value) {
  const bool safe = !value.empty() && value.find_first_not_of(
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789_./:@%+=,-") == std::string::npos;
  if (safe) return value;
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RegenerateCommand(const CompileCliOptions& o, CompileTarget target) {
  std::string out = "rekey compile " + std::string(CompileTargetName(target));
  auto add = [&out](const char* flag, const std::string& value) {
    if (!value.empty()) out += std::string(" ") + flag + " " + value;
  };
  for (const std::string& v : o.model.inventory) add("--inventory", v);
  for (const std::string& v : o.model.schedules) add("--schedules", v);
  for (const std::string& v : o.model.services) add("--services", v);
  add("--policy", o.model.policy);
  add("--config", o.model.config);
  for (const auto& [flag, value] : StampOptions(target, o.compile)) out += " --" + flag + " " + ShellWord(value);
  return out + " -o " + o.output;
}

// --check: the stamp of the committed file decides the options.
std::optional<int> AdoptStamp(CompileCliOptions& o, CompileTarget target, std::string& main_path) {
  if (o.output.empty()) return InputError("--check needs -o FILE (or DIR): the committed output to compare");
  if (o.kubernetes_flags || o.scan_jobs_flags) {
    return InputError("--check takes the options from the committed file's stamp",
                      "drop the kubernetes and scan-jobs flags, or regenerate with them first");
  }
  main_path = PathOf(o, target, DefaultFileName(target));
  Result<std::string> text = ReadRegularFile(main_path, {});
  if (!text) return InputError("cannot read " + main_path, "generate it first: " + RegenerateCommand(o, target));
  std::optional<CompileStamp> stamp = ReadCompileStamp(*text);
  if (!stamp || stamp->target != target) {
    return InputError(main_path + " is not a `rekey compile " + std::string(CompileTargetName(target)) + "` output",
                      "no rekey-compile stamp for this target in it");
  }
  if (Status applied = ApplyStampOptions(*stamp, o.compile); !applied) {
    return InputError(applied.error().message, applied.error().hint);
  }
  return std::nullopt;
}

int CheckCurrent(const CompileCliOptions& o, CompileTarget target, const CompileOutput& out, bool quiet) {
  std::string report;
  std::vector<std::string> expected;
  for (const CompiledFile& f : out.files) {
    const std::string path = PathOf(o, target, f.name);
    expected.push_back(f.name);
    Result<std::string> committed = ReadRegularFile(path, {});
    if (!committed) {
      report += "  " + path + ": missing (the inventory now compiles to it)\n";
    } else if (*committed != f.text) {
      report += "  " + path + ": differs\n" + DiffSummary(*committed, f.text);
    }
  }
  if (target == CompileTarget::kKubernetes) {
    for (const std::string& name : CommittedKubernetesFiles(o.output)) {
      if (std::find(expected.begin(), expected.end(), name) == expected.end()) {
        report += "  " + (fs::path(o.output) / name).string() + ": no longer generated (remove it)\n";
      }
    }
  }
  const std::string target_name(CompileTargetName(target));
  if (report.empty()) {
    if (!quiet) std::cout << "rekey compile " << target_name << ": " << o.output << " is up to date\n";
    return kExitClean;
  }
  std::cout << "rekey compile " << target_name << ": " << o.output << " is stale:\n"
            << report << "  regenerate: " << RegenerateCommand(o, target) << "\n";
  return kExitFindings;
}

// Writes every file (atomically); for kubernetes, removes the files it wrote
// before that the inventory no longer asks for.
int WriteFiles(const CompileCliOptions& o, CompileTarget target, const CompileOutput& out) {
  if (o.output.empty() || o.output == "-") {
    for (size_t i = 0; i < out.files.size(); ++i) {
      if (out.files.size() > 1) std::cout << (i ? "\n" : "") << "# ==> " << out.files[i].name << " <==\n";
      std::cout << out.files[i].text;
    }
    std::cout << std::flush;
    return kExitClean;
  }
  if (WritesDirectory(target)) {
    std::error_code ec;
    fs::create_directories(o.output, ec);
    if (!IsDirectory(o.output)) {
      return InputError("-o " + o.output + ": " + std::string(CompileTargetName(target)) +
                        " writes several files into a directory");
    }
  }
  if (target == CompileTarget::kKubernetes) {
    std::error_code ec;
    for (const std::string& name : CommittedKubernetesFiles(o.output)) {
      bool kept = false;
      for (const CompiledFile& f : out.files) kept = kept || f.name == name;
      if (!kept) fs::remove(fs::path(o.output) / name, ec);
    }
  }
  for (const CompiledFile& f : out.files) {
    if (Status written = WriteFileAtomic(PathOf(o, target, f.name), f.text); !written) {
      return InputError(written.error().message, written.error().hint);
    }
  }
  return kExitClean;
}

int RunCompile(CompileCliOptions options, const GlobalOptions& global) {
  const CompileTarget target = *ParseCompileTarget(options.target);  // CLI11 checked the name
  const bool scan_jobs = target == CompileTarget::kScanJobs;
  if (options.kubernetes_flags && target != CompileTarget::kKubernetes && !(scan_jobs && !options.cluster_only_flags)) {
    return InputError("--namespace, --image and the other cluster flags are for `rekey compile kubernetes`",
                      scan_jobs ? "scan-jobs takes --namespace and --image only" : "");
  }
  if (options.scan_jobs_flags && !scan_jobs) {
    return InputError("--shards, --repos, --mode, --schedule, --claim and --install are for `rekey compile scan-jobs`");
  }
  // --check: regenerate with what the committed file records.
  std::string main_path;
  if (options.check) {
    if (std::optional<int> exit = AdoptStamp(options, target, main_path)) return *exit;
  }
  // scan-jobs reads no inventory: its files depend on the options only.
  if (scan_jobs) {
    Diagnostics diags;
    const CompileOutput out = Compile(target, Model{}, Policy{}, options.compile, diags);
    std::cerr << RenderDiagnosticsText(diags.items(), UseColor(global.color, stderr));
    if (diags.HasErrors() || out.files.empty()) return kExitInputError;
    return options.check ? CheckCurrent(options, target, out, global.quiet) : WriteFiles(options, target, out);
  }
  // The model without its audit log: generated files depend on the inventory and policy only.
  options.model.read_audit_log = false;
  LoadedModel loaded = LoadModelInputs(options.model);
  std::cerr << RedactTokens(RenderDiagnosticsText(loaded.diags.items(), UseColor(global.color, stderr)),
                            loaded.model.sensitive);
  if (loaded.diags.HasErrors()) return kExitInputError;
  Diagnostics diags;
  const CompileOutput out = Compile(target, loaded.model, loaded.policy, options.compile, diags);
  diags.Sort();
  std::cerr << RedactTokens(RenderDiagnosticsText(diags.items(), UseColor(global.color, stderr)),
                            loaded.model.sensitive);
  if (diags.HasErrors() || out.files.empty()) return kExitInputError;
  return options.check ? CheckCurrent(options, target, out, global.quiet) : WriteFiles(options, target, out);
}

}  // namespace

void AddCompileCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<CompileCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compile", "Compile the inventory to Prometheus rules, Alertmanager routes, Kubernetes objects, AWS schedules");
  cmd->add_option("target", options->target, "prometheus | alertmanager | kubernetes | aws | scan-jobs")
      ->required()
      ->check(CLI::IsMember({"prometheus", "alertmanager", "kubernetes", "aws", "scan-jobs"}));
  AddModelOptions(*cmd, options->model);
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (or into DIR; kubernetes: a DIR, created if missing); default stdout")
      ->type_name("FILE|DIR");
  cmd->add_flag("--check", options->check,
                "Regenerate what -o holds (with the options its stamp records) and fail if it differs");
  KubernetesOptions& k = options->compile.kubernetes;
  const auto flag = [&](const char* name, std::string& value, const std::string& help) {
    const bool shared = std::string(name) == "--namespace" || std::string(name) == "--image";
    cmd->add_option(name, value, help)
        ->default_str(value)
        ->group("Kubernetes")
        ->each([options, shared](const std::string&) {
          options->kubernetes_flags = true;
          if (!shared) options->cluster_only_flags = true;
        });
  };
  ScanJobsOptions& j = options->compile.scan_jobs;
  const auto jobs_flag = [&](const char* name, std::string& value, const std::string& help) {
    cmd->add_option(name, value, help)->default_str(value)->group("scan-jobs")->each([options](const std::string&) {
      options->scan_jobs_flags = true;
    });
  };
  jobs_flag("--shards", j.shards, "Shards: matrix jobs and Indexed Job completions");
  jobs_flag("--repos", j.repos, "The repository list (PATH URL per line) as the jobs see it");
  jobs_flag("--mode", j.mode, "history (incremental, with --state) or tree (the default branches' files)");
  jobs_flag("--schedule", j.schedule, "The workflow's cron schedule (UTC)");
  jobs_flag("--claim", j.claim, "PersistentVolumeClaim at /data: the list, the mirrors, the state, the reports");
  jobs_flag("--install", j.install, "The workflow step's command that puts rekey on PATH");
  flag("--namespace", k.ns, "Namespace of the CronJobs (and of services without namespace:); scan-jobs: of the Jobs");
  flag("--image", k.image, "Container image with the rekey binary (pin a tag); also scan-jobs'");
  flag("--vault-addr", k.vault_addr, "VAULT_ADDR of the rotation jobs");
  flag("--vault-token-secret", k.vault_token_secret, "Secret whose `token` key is the jobs' VAULT_TOKEN");
  flag("--inventory-dir", k.inventory_dir, "Working directory of the jobs: the inventory repository in the image");
  flag("--journal-claim", k.journal_claim, "PersistentVolumeClaim holding the audit log (at /var/lib/rekey)");
  flag("--secret-store", k.secret_store, "ClusterSecretStore the ExternalSecrets read from");
  flag("--resume-schedule", k.resume_schedule, "Cron of the `rekey apply --resume` CronJob");
  cmd->footer(
      "Exit: 0 written or --check current, 1 --check found a file stale, 2 input error (or something the target "
      "cannot express).\n"
      "Example: rekey compile prometheus -o monitoring/rekey-alerts.rules.yaml; in CI: rekey compile prometheus "
      "--check -o monitoring/rekey-alerts.rules.yaml");
  cmd->callback([options, &ctx] { ctx.exit_code = RunCompile(*options, ctx.global); });
}

}  // namespace rekey
