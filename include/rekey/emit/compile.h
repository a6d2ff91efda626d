// `rekey compile`: the reviewed inventory compiled to what the platforms run —
//   prometheus    alerting rules for the seed's monitoring rules (prometheus_rules.cc)
//   alertmanager  routing of those alerts to the seed's actions (alertmanager.cc)
//   kubernetes    rotation CronJobs, ExternalSecrets, Vault Agent Injector patches (kubernetes.cc)
//   aws           CloudFormation AWS::SecretsManager::RotationSchedule resources (cloudformation.cc)
//   scan-jobs     the org-wide scan on existing engines: a GitHub Actions workflow
//                 (a matrix of N shards, then a merge job) and a Kubernetes
//                 Indexed Job plus a merge Job, from the same options (scan_jobs.cc);
//                 it reads no inventory
// Each generated file carries a stamp (target and options) so `rekey compile
// TARGET --check` regenerates it exactly as it was made; a file is current when
// its bytes are what the inventory compiles to now.
// Output is deterministic: the same model, policy and options give the same
// bytes; the audit log and the clock play no part.
//
// Thread-safety: pure functions over immutable values.
// Errors: what a target cannot express (a schedule AWS cannot run, a key with
// no vault path) is an error in `diags`; the caller writes nothing then.
//
//   Diagnostics diags;
//   CompileOutput out = Compile(CompileTarget::kPrometheus, model, policy, {}, diags);
//   for (const CompiledFile& f : out.files) Write(dir + "/" + f.name, f.text);
#ifndef REKEY_EMIT_COMPILE_H_
#define REKEY_EMIT_COMPILE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/model/model.h"
#include "rekey/policy/policy.h"

namespace rekey {

enum class CompileTarget { kPrometheus, kAlertmanager, kKubernetes, kAws, kScanJobs };
std::string_view CompileTargetName(CompileTarget target);  // "prometheus" ...
std::optional<CompileTarget> ParseCompileTarget(std::string_view name);

// Settings of the Kubernetes objects that are not in the inventory. Their
// names are the `rekey compile kubernetes` flags (--namespace ...).
struct KubernetesOptions {
  std::string ns = "rekey";                                // namespace of the CronJobs
  std::string image = "rekey:latest";                      // image holding the rekey binary
  std::string vault_addr = "https://vault.internal:8200";  // VAULT_ADDR of the jobs
  std::string vault_token_secret = "rekey-vault-token";    // Secret whose `token` is VAULT_TOKEN
  std::string inventory_dir = "/inventory";                // working directory: the inventory repo, .rekey.yaml
  std::string journal_claim = "rekey-journal";             // PVC holding the audit log (mounted at /var/lib/rekey)
  std::string secret_store = "vault-backend";              // ClusterSecretStore of the ExternalSecrets
  std::string resume_schedule = "*/5 * * * *";             // `rekey apply --resume` CronJob
};

// `rekey compile scan-jobs`: `rekey scan --repos REPOS --shard I/N` on a CI
// matrix and as a Kubernetes Indexed Job, then `rekey merge`. Flag names as
// the fields (--shards ...); the Kubernetes namespace and image are the
// kubernetes target's --namespace and --image.
struct ScanJobsOptions {
  std::string shards = "4";            // N: matrix entries, Job completions
  std::string repos = "repos.txt";     // the repository list (PATH [URL] lines), as the jobs see it
  std::string mode = "history";        // history | tree
  std::string schedule = "0 3 * * *";  // the workflow's cron (UTC)
  std::string claim = "rekey-scan";    // PVC at /data: the mirrors, the state, the reports (Kubernetes)
  std::string install = "";            // the workflow step that puts rekey on PATH ("" = a check that says so)
};

struct CompileOptions {
  KubernetesOptions kubernetes;
  ScanJobsOptions scan_jobs;
};

struct CompiledFile {
  std::string name;  // file name, no directory
  std::string text;
};

struct CompileOutput {
  std::vector<CompiledFile> files;  // the target's main file first
};

// The files of `target`; problems go to `diags` (their files may then be incomplete).
CompileOutput Compile(CompileTarget target, const Model& model, const Policy& policy, const CompileOptions& options,
                      Diagnostics& diags);

// The target's single file name (kubernetes and scan-jobs: the first of
// several, in a directory).
std::string DefaultFileName(CompileTarget target);

// What a generated file records about how it was made.
struct CompileStamp {
  CompileTarget target = CompileTarget::kPrometheus;
  std::map<std::string, std::string> options;  // the target's options by flag name, as given
};
// The stamp of a generated file (a `# rekey-compile: {...}` line, or the
// Metadata of a CloudFormation template), or nullopt.
std::optional<CompileStamp> ReadCompileStamp(std::string_view text);
// The flag options of a stamp applied to CompileOptions; unknown names are an Error.
Status ApplyStampOptions(const CompileStamp& stamp, CompileOptions& options);
// The flags that reproduce `options` for `target`, as name -> value (only those
// that differ from the defaults), in the order the flags are documented.
std::vector<std::pair<std::string, std::string>> StampOptions(CompileTarget target, const CompileOptions& options);

}  // namespace rekey

#endif  // REKEY_EMIT_COMPILE_H_
