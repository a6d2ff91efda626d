// `rekey compile scan-jobs`: an org-wide scan split over an engine teams
// already run, from one set of options —
//   rekey-scan.workflow.yml    GitHub Actions: a matrix of N shard jobs (each
//                              clones its share of the repositories, restores
//                              its scan state, `rekey scan --repos --shard
//                              I/N`, uploads its report) and a merge job
//                              (`rekey merge`: one report, exit 1 on findings)
//   rekey-scan-job.yaml        Kubernetes: an Indexed Job (completionMode:
//                              Indexed, completions: N), each pod `rekey scan
//                              --shard /N` (its index from JOB_COMPLETION_INDEX)
//                              over the mirrors on a volume
//   rekey-scan-merge-job.yaml  the merge Job, applied once the Indexed Job is
//                              complete (kubectl wait --for=condition=complete)
#include <string>
#include <vector>

#include "emit/compile_internal.h"
#include "emit/yaml_value.h"

namespace rekey {
namespace {

constexpr char kDataMount[] = "/data";
constexpr int kMaxShards = 10000;

YamlValue Seq(const std::vector<std::string>& items) {
  YamlValue seq = YamlValue::Seq();
  for (const std::string& item : items) seq.Push(item);
  return seq;
}

// `rekey scan` for one shard; `shard` is "I/N" or "/N".
std::vector<std::string> ScanArgs(const ScanJobsOptions& o, const std::string& shard, const std::string& report) {
  std::vector<std::string> args = {"scan", "--repos", o.repos};
  if (o.mode == "history") {
    args.insert(args.end(), {"--history", "--state", "rekey-state/"});
  }
  args.insert(args.end(), {"--shard", shard, "--report-only", "--format", "json", "-o", report});
  return args;
}

std::string ShellLine(const std::vector<std::string>& args) {
  std::string out = "rekey";
  for (const std::string& a : args) {
    const bool plain =
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-") ==
        std::string::npos;
    out += " " + (plain && !a.empty() ? a : "\"" + a + "\"");
  }
  return out;
}

YamlValue InstallStep(const ScanJobsOptions& o) {
  YamlValue step = YamlValue::Map();
  step.Set("name", "Put rekey on PATH");
  step.Set("run", o.install.empty()
                      ? "command -v rekey || { echo 'rekey is not on PATH: set --install when compiling' >&2; "
                        "exit 2; }"
                      : o.install);
  return step;
}

std::string Workflow(const ScanJobsOptions& o, int shards, const CompileStamp& stamp) {
  const std::string n = std::to_string(shards);
  YamlValue matrix = YamlValue::Seq();
  for (int i = 0; i < shards; ++i) matrix.Push(YamlValue::Int(i));

  YamlValue steps = YamlValue::Seq();
  steps.Push(YamlValue::Map().Set("uses", "actions/checkout@v4"), "the repository holding the list");
  steps.Push(InstallStep(o));
  if (o.mode == "history") {
    YamlValue with = YamlValue::Map();
    with.Set("path", "rekey-state")
        .Set("key", "rekey-state-${{ matrix.shard }}-of-" + n + "-${{ github.run_id }}")
        .Set("restore-keys", "rekey-state-${{ matrix.shard }}-of-" + n + "-");
    steps.Push(YamlValue::Map()
                   .Set("name", "Restore this shard's scan state")
                   .Set("uses", "actions/cache/restore@v4")
                   .Set("with", std::move(with)),
               "a re-scan reads only what is new since the last run");
  }
  YamlValue clone = YamlValue::Map();
  clone.Set("name", "Clone this shard's repositories");
  clone.Set("env", YamlValue::Map().Set("GH_TOKEN", "${{ secrets.REKEY_CLONE_TOKEN || github.token }}"));
  clone.Set("run",
            "git config --global url.\"https://x-access-token:${GH_TOKEN}@github.com/\".insteadOf "
            "\"https://github.com/\"\n"
            "rekey scan --repos " +
                o.repos + " --shard \"${{ matrix.shard }}/" + n +
                "\" --print-repos |\n"
                "  while IFS=$'\\t' read -r name path url; do\n"
                "    [ -n \"$url\" ] || { echo \"$name has no URL in " +
                o.repos +
                "\" >&2; exit 2; }\n"
                "    git clone --quiet " +
                std::string(o.mode == "history" ? "--mirror" : "--depth 1") +
                " \"$url\" \"$path\"\n"
                "  done\n");
  steps.Push(std::move(clone));
  const std::string report = "rekey-shard-${{ matrix.shard }}.json";
  steps.Push(YamlValue::Map()
                 .Set("name", "Scan")
                 .Set("run", ShellLine(ScanArgs(o, "${{ matrix.shard }}/" + n, report)) + "\n"),
             "exit 2 (something could not be read) fails the job; findings are the merge job's to judge");
  if (o.mode == "history") {
    YamlValue with = YamlValue::Map();
    with.Set("path", "rekey-state").Set("key", "rekey-state-${{ matrix.shard }}-of-" + n + "-${{ github.run_id }}");
    steps.Push(YamlValue::Map()
                   .Set("name", "Save the scan state")
                   .Set("if", "success()")
                   .Set("uses", "actions/cache/save@v4")
                   .Set("with", std::move(with)));
  }
  YamlValue upload = YamlValue::Map();
  upload.Set("name", "rekey-shard-${{ matrix.shard }}").Set("path", report).Set("retention-days", YamlValue::Int(7));
  steps.Push(YamlValue::Map().Set("uses", "actions/upload-artifact@v4").Set("with", std::move(upload)));

  YamlValue scan = YamlValue::Map();
  scan.Set("name", "scan shard ${{ matrix.shard }} of " + n)
      .Set("runs-on", "ubuntu-latest")
      .Set("timeout-minutes", YamlValue::Int(360))
      .Set("strategy", YamlValue::Map()
                           .Set("fail-fast", YamlValue::Bool(false))
                           .Set("matrix", YamlValue::Map().Set("shard", std::move(matrix))))
      .Set("steps", std::move(steps));

  YamlValue merge_steps = YamlValue::Seq();
  merge_steps.Push(InstallStep(o));
  YamlValue download = YamlValue::Map();
  download.Set("pattern", "rekey-shard-*").Set("merge-multiple", YamlValue::Bool(true)).Set("path", "shards");
  merge_steps.Push(YamlValue::Map().Set("uses", "actions/download-artifact@v4").Set("with", std::move(download)));
  merge_steps.Push(YamlValue::Map()
                       .Set("name", "Merge the shards")
                       .Set("run",
                            "rekey merge shards/ -o rekey-findings.json\n"
                            "rekey merge shards/ --format text\n"),
                   "exit 2 when a shard is missing: the report would not cover its repositories");
  YamlValue keep = YamlValue::Map();
  keep.Set("name", "rekey-findings").Set("path", "rekey-findings.json");
  merge_steps.Push(YamlValue::Map().Set("uses", "actions/upload-artifact@v4").Set("with", std::move(keep)));
  merge_steps.Push(YamlValue::Map()
                       .Set("name", "Fail on findings")
                       .Set("run", "test \"$(jq '.findings | length' rekey-findings.json)\" = 0\n"));
  YamlValue merge = YamlValue::Map();
  merge.Set("needs", "scan")
      .Set("if", "${{ !cancelled() }}")
      .Set("runs-on", "ubuntu-latest")
      .Set("steps", std::move(merge_steps));

  YamlValue doc = YamlValue::Map();
  doc.Set("name", "rekey org scan");
  doc.Set("on", YamlValue::Map()
                    .Set("schedule",
                         [&] {
                           YamlValue s = YamlValue::Seq();
                           s.Push(YamlValue::Map().Set("cron", o.schedule));
                           return s;
                         }())
                    .Set("workflow_dispatch", YamlValue::Map()));
  doc.Set("permissions", YamlValue::Map().Set("contents", "read"));
  doc.Set("concurrency",
          YamlValue::Map().Set("group", "rekey-org-scan").Set("cancel-in-progress", YamlValue::Bool(false)),
          "one run at a time: runs share the scan state");
  doc.Set("jobs", YamlValue::Map().Set("scan", std::move(scan)).Set("merge", std::move(merge)));
  return YamlHeader(stamp, "GitHub Actions workflow: rekey's org-wide scan in " + n + " shards, then one merged report",
                    {"copy to .github/workflows/; " + o.repos + " lists PATH URL per line (PATH: where the clone goes)",
                     "private repositories: a REKEY_CLONE_TOKEN secret that can read them"}) +
         doc.Emit();
}

YamlValue Labels(const std::string& component) {
  YamlValue labels = YamlValue::Map();
  labels.Set("app.kubernetes.io/name", "rekey")
      .Set("app.kubernetes.io/component", component)
      .Set("app.kubernetes.io/managed-by", "rekey");
  return labels;
}

YamlValue PodSpec(const KubernetesOptions& k, const ScanJobsOptions& o, std::vector<std::string> args) {
  YamlValue container = YamlValue::Map();
  YamlValue security = YamlValue::Map();
  security.Set("allowPrivilegeEscalation", YamlValue::Bool(false))
      .Set("readOnlyRootFilesystem", YamlValue::Bool(true))
      .Set("capabilities", YamlValue::Map().Set("drop", Seq({"ALL"})));
  YamlValue mounts = YamlValue::Seq();
  mounts.Push(YamlValue::Map().Set("name", "data").Set("mountPath", kDataMount));
  container.Set("name", "rekey")
      .Set("image", k.image)
      .Set("command", Seq({"rekey"}))
      .Set("args", Seq(args))
      .Set("workingDir", kDataMount)
      .Set("resources", YamlValue::Map()
                            .Set("requests", YamlValue::Map().Set("cpu", "1").Set("memory", "512Mi"))
                            .Set("limits", YamlValue::Map().Set("memory", "1Gi")))
      .Set("securityContext", std::move(security))
      .Set("volumeMounts", std::move(mounts));
  YamlValue containers = YamlValue::Seq();
  containers.Push(std::move(container));
  YamlValue volumes = YamlValue::Seq();
  volumes.Push(
      YamlValue::Map().Set("name", "data").Set("persistentVolumeClaim", YamlValue::Map().Set("claimName", o.claim)));
  YamlValue spec = YamlValue::Map();
  spec.Set("restartPolicy", "Never")
      .Set("securityContext", YamlValue::Map()
                                  .Set("runAsNonRoot", YamlValue::Bool(true))
                                  .Set("seccompProfile", YamlValue::Map().Set("type", "RuntimeDefault")))
      .Set("containers", std::move(containers))
      .Set("volumes", std::move(volumes));
  return spec;
}

YamlValue Job(const KubernetesOptions& k, const std::string& name, const std::string& component, YamlValue job_spec,
              YamlValue pod_spec) {
  YamlValue pod = YamlValue::Map();
  pod.Set("metadata", YamlValue::Map().Set("labels", Labels(component))).Set("spec", std::move(pod_spec));
  job_spec.Set("template", std::move(pod));
  YamlValue doc = YamlValue::Map();
  doc.Set("apiVersion", "batch/v1")
      .Set("kind", "Job")
      .Set("metadata", YamlValue::Map().Set("name", name).Set("namespace", k.ns).Set("labels", Labels(component)))
      .Set("spec", std::move(job_spec));
  return doc;
}

}  // namespace

CompileOutput CompileScanJobs(const CompileOptions& options, const CompileStamp& stamp, Diagnostics& diags) {
  const ScanJobsOptions& o = options.scan_jobs;
  const KubernetesOptions& k = options.kubernetes;
  int shards = 0;
  if (o.shards.empty() || o.shards.size() > 5 || o.shards.find_first_not_of("0123456789") != std::string::npos ||
      (shards = std::stoi(o.shards)) < 1 || shards > kMaxShards) {
    diags.Error({}, "RK-EMIT-005", "--shards " + o.shards + " is not a number of shards from 1 to 10000");
  }
  if (o.mode != "history" && o.mode != "tree") {
    diags.Error({}, "RK-EMIT-005", "--mode " + o.mode + " is neither history nor tree");
  }
  if (diags.HasErrors()) return {};
  CompileOutput out;
  out.files.push_back({DefaultFileName(CompileTarget::kScanJobs), Workflow(o, shards, stamp)});

  const std::string n = std::to_string(shards);
  YamlValue scan_spec = YamlValue::Map();
  scan_spec.Set("completionMode", "Indexed", "each pod's JOB_COMPLETION_INDEX is its shard")
      .Set("completions", YamlValue::Int(shards))
      .Set("parallelism", YamlValue::Int(shards))
      .Set("backoffLimit", YamlValue::Int(shards), "a pod that fails is retried once per shard on average")
      .Set("ttlSecondsAfterFinished", YamlValue::Int(86400));
  const std::string scan_name = KubernetesName("rekey-scan", 63);
  out.files.push_back(
      {"rekey-scan-job.yaml",
       YamlHeader(stamp, "Kubernetes Indexed Job: rekey's org-wide scan in " + n + " shards",
                  {"the PersistentVolumeClaim " + o.claim + " holds at " + kDataMount + ": " + o.repos +
                       " and the mirrors it names (kept fresh by your mirror job), rekey-state/ and reports/",
                   "then: kubectl wait --for=condition=complete --timeout=6h -n " + k.ns + " job/" + scan_name +
                       " && kubectl apply -f rekey-scan-merge-job.yaml"}) +
           "---\n" +
           Job(k, scan_name, "org-scan", std::move(scan_spec),
               PodSpec(k, o, ScanArgs(o, "/" + n, "reports/shard-$(JOB_COMPLETION_INDEX).json")))
               .Emit()});

  YamlValue merge_spec = YamlValue::Map();
  merge_spec.Set("backoffLimit", YamlValue::Int(0)).Set("ttlSecondsAfterFinished", YamlValue::Int(86400));
  out.files.push_back(
      {"rekey-scan-merge-job.yaml",
       YamlHeader(stamp, "Kubernetes Job: merges the " + n + " shard reports into " + kDataMount + "/findings.json",
                  {"exit 2 (the Job fails) when a shard's report is missing"}) +
           "---\n" +
           Job(k, KubernetesName("rekey-scan-merge", 63), "org-scan-merge", std::move(merge_spec),
               PodSpec(k, o, {"merge", "reports/", "-o", "findings.json"}))
               .Emit()});
  return out;
}

}  // namespace rekey
