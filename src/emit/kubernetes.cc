// `rekey compile kubernetes`: what runs rotations and delivers keys in a
// cluster —
//   rekey-cronjobs.yaml          a CronJob per schedule (`rekey rotate KEY` at the
//                                schedule's fire, in its time zone) and one
//                                `rekey apply --resume` CronJob for the deferred steps
//   rekey-external-secrets.yaml  an ExternalSecret per (key, reads_via: external-secrets
//                                consumer), refreshed well inside the grace period
//   rekey-vault-agent-S.patch.yaml  the Vault Agent Injector annotations (the seed's
//                                Pattern 1) for service S's pod template, as a patch
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "emit/compile_internal.h"
#include "emit/yaml_value.h"
#include "rekey/base/text.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

constexpr char kJournalMount[] = "/var/lib/rekey";
constexpr int64_t kStartingDeadlineSeconds = 3600;  // a rotation may start up to an hour late, not never
constexpr int64_t kResumeStartingDeadlineSeconds = 120;
constexpr int64_t kRotateDeadlineSeconds = 1800;  // create + store + verify calls; the wait is not in the job

// Go's duration syntax (no days): 1h, 5m, 1h30m, 720h.
std::string GoDuration(Duration d) {
  int64_t s = d.seconds();
  if (s <= 0) return "0s";
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60 != 0) out += std::to_string(s % 60) + "s";
  return out;
}

// A label value: at most 63 of [A-Za-z0-9._-], alphanumeric at both ends.
std::string LabelValue(std::string_view text) { return KubernetesName(text, 63); }

YamlValue Labels(const std::string& component, const std::string& key) {
  YamlValue labels = YamlValue::Map();
  labels.Set("app.kubernetes.io/name", "rekey")
      .Set("app.kubernetes.io/component", component)
      .Set("app.kubernetes.io/managed-by", "rekey");
  if (!key.empty()) labels.Set("rekey.dev/key", LabelValue(key));
  return labels;
}

YamlValue Metadata(const std::string& name, const std::string& ns, YamlValue labels) {
  YamlValue meta = YamlValue::Map();
  meta.Set("name", name).Set("namespace", ns).Set("labels", std::move(labels));
  return meta;
}

YamlValue RekeyContainer(const KubernetesOptions& o, std::vector<std::string> args) {
  YamlValue container = YamlValue::Map();
  YamlValue command = YamlValue::Seq();
  command.Push("rekey");
  YamlValue arg_list = YamlValue::Seq();
  for (std::string& a : args) arg_list.Push(std::move(a));
  arg_list.Push("--audit-log");
  arg_list.Push(std::string(kJournalMount) + "/audit.jsonl");
  YamlValue env = YamlValue::Seq();
  env.Push(YamlValue::Map().Set("name", "VAULT_ADDR").Set("value", o.vault_addr));
  YamlValue secret_ref = YamlValue::Map();
  secret_ref.Set("name", o.vault_token_secret).Set("key", "token");
  env.Push(
      YamlValue::Map().Set("name", "VAULT_TOKEN").Set("valueFrom", YamlValue::Map().Set("secretKeyRef", secret_ref)));
  YamlValue resources = YamlValue::Map();
  resources.Set("requests", YamlValue::Map().Set("cpu", "50m").Set("memory", "64Mi"))
      .Set("limits", YamlValue::Map().Set("memory", "256Mi"));
  YamlValue security = YamlValue::Map();
  YamlValue drop = YamlValue::Seq();
  drop.Push("ALL");
  security.Set("allowPrivilegeEscalation", YamlValue::Bool(false))
      .Set("readOnlyRootFilesystem", YamlValue::Bool(true))
      .Set("capabilities", YamlValue::Map().Set("drop", drop));
  YamlValue mounts = YamlValue::Seq();
  mounts.Push(YamlValue::Map().Set("name", "journal").Set("mountPath", kJournalMount));
  container.Set("name", "rekey")
      .Set("image", o.image)
      .Set("command", std::move(command))
      .Set("args", std::move(arg_list))
      .Set("workingDir", o.inventory_dir)
      .Set("env", std::move(env))
      .Set("resources", std::move(resources))
      .Set("securityContext", std::move(security))
      .Set("volumeMounts", std::move(mounts));
  return container;
}

YamlValue CronJob(const KubernetesOptions& o, const std::string& name, const std::string& key,
                  const std::string& schedule, const std::string& zone, int64_t starting_deadline,
                  std::vector<std::string> args) {
  const std::string component = key.empty() ? "resume" : "rotation";
  YamlValue pod_spec = YamlValue::Map();
  YamlValue containers = YamlValue::Seq();
  containers.Push(RekeyContainer(o, std::move(args)));
  YamlValue volumes = YamlValue::Seq();
  volumes.Push(YamlValue::Map()
                   .Set("name", "journal")
                   .Set("persistentVolumeClaim", YamlValue::Map().Set("claimName", o.journal_claim)));
  pod_spec.Set("restartPolicy", "Never")
      .Set("securityContext", YamlValue::Map()
                                  .Set("runAsNonRoot", YamlValue::Bool(true))
                                  .Set("seccompProfile", YamlValue::Map().Set("type", "RuntimeDefault")))
      .Set("containers", std::move(containers))
      .Set("volumes", std::move(volumes));
  YamlValue pod = YamlValue::Map();
  pod.Set("metadata", YamlValue::Map().Set("labels", Labels(component, key))).Set("spec", std::move(pod_spec));
  YamlValue job_spec = YamlValue::Map();
  job_spec
      .Set("backoffLimit", YamlValue::Int(0), "a failed rotation alerts (RekeyRotationFailed); it is not retried blind")
      .Set("activeDeadlineSeconds", YamlValue::Int(kRotateDeadlineSeconds))
      .Set("template", std::move(pod));
  YamlValue spec = YamlValue::Map();
  spec.Set("schedule", schedule)
      .Set("timeZone", zone)
      .Set("concurrencyPolicy", "Forbid")
      .Set("startingDeadlineSeconds", YamlValue::Int(starting_deadline))
      .Set("successfulJobsHistoryLimit", YamlValue::Int(3))
      .Set("failedJobsHistoryLimit", YamlValue::Int(3))
      .Set("jobTemplate", YamlValue::Map().Set("spec", std::move(job_spec)));
  YamlValue job = YamlValue::Map();
  job.Set("apiVersion", "batch/v1")
      .Set("kind", "CronJob")
      .Set("metadata", Metadata(name, o.ns, Labels(component, key)))
      .Set("spec", std::move(spec));
  return job;
}

std::string Documents(const std::vector<YamlValue>& docs) {
  std::string out;
  for (const YamlValue& d : docs) out += "---\n" + d.Emit();
  return out;
}

// The vault path without its mount ("secret/prod/x" -> "prod/x"), and the KV v2
// data path a Vault Agent template reads ("secret/data/prod/x").
std::string WithoutMount(const std::string& path) {
  const size_t slash = path.find('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
std::string KvDataPath(const std::string& path) {
  const size_t slash = path.find('/');
  return slash == std::string::npos ? path : path.substr(0, slash) + "/data/" + path.substr(slash + 1);
}

// "STRIPE_API_KEY" from "stripe-api-key".
std::string EnvName(const std::string& key) {
  std::string out;
  for (char c : key) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::toupper(u)) : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "KEY_" + out;
  return out;
}

// How often a consumer may refresh so that refresh_factor refreshes fit in the grace (RK-GRC-001).
Duration FitInGrace(Duration refresh, Duration grace, double factor, bool& capped) {
  capped = false;
  if (grace.seconds() <= 0 || factor <= 0 || refresh.Scaled(factor) <= grace) return refresh;
  capped = true;
  const int64_t fitted = static_cast<int64_t>(static_cast<double>(grace.seconds()) / factor) / 60 * 60;
  return Duration::Seconds(std::max<int64_t>(fitted, 60));
}

struct Compiler {
  const Model& model;
  const Policy& policy;
  const KubernetesOptions& o;
  Diagnostics& diags;
  std::vector<std::string> notes;
  std::map<std::string, const Schedule*> schedule_of;  // key name -> its first schedule

  void IndexSchedules() {
    for (const Schedule& s : model.schedules) {
      if (s.resolution.status == Resolution::Status::kResolved)
        schedule_of.emplace(model.keys[s.resolution.key].name, &s);
    }
  }

  Duration GraceOf(const ApiKey& k) const {
    auto it = schedule_of.find(k.name);
    return it != schedule_of.end() && it->second->grace_period ? *it->second->grace_period : Duration::Hours(1);
  }

  std::vector<YamlValue> CronJobs() {
    std::vector<YamlValue> jobs;
    std::vector<const Schedule*> schedules;
    for (const Schedule& s : model.schedules) schedules.push_back(&s);
    std::stable_sort(schedules.begin(), schedules.end(),
                     [](const Schedule* a, const Schedule* b) { return a->secret < b->secret; });
    std::vector<std::string> unresolved, on_aws;
    for (const Schedule* s : schedules) {
      if (s->resolution.status != Resolution::Status::kResolved) {
        unresolved.push_back(s->secret);
        continue;
      }
      const ApiKey& key = model.keys[s->resolution.key];
      if (key.EffectiveVault() == VaultKind::kAwsSecretsManager || s->dialect == ScheduleDialect::kAws) {
        on_aws.push_back(key.name);
        continue;
      }
      if (Result<CronExpr> e = ParseCron(s->expression, CronDialect::kPosix); !e) {
        diags.Error(
            s->LocOf("schedule"), "RK-EMIT-001",
            "schedule " + Quote(s->expression) + " of " + Quote(key.name) + " does not parse: " + e.error().message,
            "rekey check reports it as RK-SCH-001; fix it, then compile again");
        continue;
      }
      jobs.push_back(CronJob(o, KubernetesName("rekey-rotate-" + key.name, 52), key.name, s->expression,
                             s->timezone.value_or("Etc/UTC"), kStartingDeadlineSeconds, {"rotate", key.name}));
    }
    if (!unresolved.empty())
      notes.push_back("no CronJob for " + NameList(unresolved) + ": the schedule names no inventory key (RK-INV-003)");
    if (!on_aws.empty())
      notes.push_back("no CronJob for " + NameList(on_aws) + ": AWS Secrets Manager rotates it (rekey compile aws)");
    if (!jobs.empty()) {
      jobs.push_back(CronJob(o, "rekey-apply-resume", "", o.resume_schedule, "Etc/UTC", kResumeStartingDeadlineSeconds,
                             {"apply", "--resume"}));
    }
    return jobs;
  }

  std::vector<YamlValue> ExternalSecrets() {
    std::vector<YamlValue> out;
    const double factor = policy.NumberParam("RK-GRC-001", "refresh_factor").value_or(2);
    std::vector<std::string> skipped;
    for (const ApiKey& key : model.keys) {
      for (const std::string& name : key.used_by.value_or(std::vector<std::string>{})) {
        const Service* s = model.FindService(name);
        if (s == nullptr || s->reads_via != ReadsVia::kExternalSecrets) continue;
        const VaultKind vault = key.EffectiveVault();  // OpenBao speaks the Vault API: one store serves both
        if (!key.vault_path || (vault != VaultKind::kHashicorpVault && vault != VaultKind::kOpenBao)) {
          skipped.push_back(key.name + " for " + name);
          continue;
        }
        bool capped = false;
        const Duration grace = GraceOf(key);
        const Duration refresh = FitInGrace(s->refresh.value_or(DefaultRefresh(s->reads_via)), grace, factor, capped);
        if (capped) {
          notes.push_back(name + " refreshes " + key.name + " every " + GoDuration(refresh) + ", not " +
                          GoDuration(s->refresh.value_or(DefaultRefresh(s->reads_via))) + ": " + FormatDouble(factor) +
                          " refreshes must fit in the grace period " + grace.ToString());
        }
        YamlValue remote = YamlValue::Map();
        remote.Set("key", WithoutMount(*key.vault_path)).Set("property", "key");
        YamlValue item = YamlValue::Map();
        item.Set("secretKey", EnvName(key.name)).Set("remoteRef", std::move(remote));
        YamlValue data = YamlValue::Seq();
        data.Push(std::move(item));
        YamlValue spec = YamlValue::Map();
        spec.Set("refreshInterval", GoDuration(refresh))
            .Set("secretStoreRef", YamlValue::Map().Set("kind", "ClusterSecretStore").Set("name", o.secret_store))
            .Set("target", YamlValue::Map().Set("name", KubernetesName(key.name, 253)).Set("creationPolicy", "Owner"))
            .Set("data", std::move(data));
        YamlValue labels = Labels("delivery", key.name);
        labels.Set("rekey.dev/service", LabelValue(name));
        YamlValue es = YamlValue::Map();
        es.Set("apiVersion", "external-secrets.io/v1")
            .Set("kind", "ExternalSecret")
            .Set("metadata", Metadata(KubernetesName(name + "-" + key.name, 253),
                                      s->kubernetes_namespace.value_or(o.ns), std::move(labels)))
            .Set("spec", std::move(spec));
        out.push_back(std::move(es));
      }
    }
    if (!skipped.empty()) {
      notes.push_back("no ExternalSecret for " + NameList(skipped) +
                      ": no vault_path, or the key is not in Vault/OpenBao (point a store of its own at it)");
    }
    return out;
  }

  // One patch per vault-agent service: its pod template's annotations.
  std::vector<CompiledFile> VaultAgentPatches(const CompileStamp& stamp) {
    std::vector<CompiledFile> out;
    const double factor = policy.NumberParam("RK-GRC-001", "refresh_factor").value_or(2);
    std::vector<const Service*> services;
    for (const Service& s : model.services) {
      if (s.reads_via == ReadsVia::kVaultAgent) services.push_back(&s);
    }
    std::stable_sort(services.begin(), services.end(),
                     [](const Service* a, const Service* b) { return a->name < b->name; });
    for (const Service* s : services) {
      std::vector<const ApiKey*> keys;
      std::vector<std::string> file_notes, elsewhere;
      for (const ApiKey& k : model.keys) {
        const std::vector<std::string>& users = k.used_by ? *k.used_by : std::vector<std::string>{};
        if (std::find(users.begin(), users.end(), s->name) == users.end()) continue;
        const VaultKind vault = k.EffectiveVault();
        if (k.vault_path && (vault == VaultKind::kHashicorpVault || vault == VaultKind::kOpenBao)) {
          keys.push_back(&k);
        } else {
          elsewhere.push_back(k.name);
        }
      }
      if (!elsewhere.empty()) {
        file_notes.push_back("no Vault Agent template for " + NameList(elsewhere) +
                             ": no vault_path, or not kept in Vault/OpenBao");
      }
      if (keys.empty()) continue;
      Duration grace = GraceOf(*keys.front());
      for (const ApiKey* k : keys) grace = std::min(grace, GraceOf(*k));
      bool capped = false;
      const Duration declared = s->refresh.value_or(DefaultRefresh(ReadsVia::kVaultAgent));
      const Duration interval = FitInGrace(declared, grace, factor, capped);
      if (capped) {
        file_notes.push_back("re-render interval " + GoDuration(interval) + ", not " + GoDuration(declared) + ": " +
                             FormatDouble(factor) + " re-renders must fit in the shortest grace period " +
                             grace.ToString());
      }
      file_notes.push_back(
          "the seed's `agent-inject-reload` is not a Vault Agent Injector annotation: the sidecar re-renders the "
          "file every template-static-secret-render-interval and the service must re-read it");
      YamlValue annotations = YamlValue::Map();
      annotations.Set("vault.hashicorp.com/agent-inject", "true")
          .Set("vault.hashicorp.com/role", s->name)
          .Set("vault.hashicorp.com/template-static-secret-render-interval", GoDuration(interval));
      for (const ApiKey* k : keys) {
        const std::string secret = KubernetesName(k->name, 43);  // the annotation name part is at most 63 bytes
        const std::string data_path = KvDataPath(*k->vault_path);
        annotations.Set("vault.hashicorp.com/agent-inject-secret-" + secret, data_path);
        annotations.Set("vault.hashicorp.com/agent-inject-template-" + secret,
                        "{{- with secret " + PromString(data_path) + " -}}\n" + EnvName(k->name) +
                            "={{ .Data.data.key }}\n{{- end }}\n");
      }
      YamlValue template_meta = YamlValue::Map();
      template_meta.Set("annotations", std::move(annotations));
      YamlValue patch = YamlValue::Map();
      patch.Set("apiVersion", "apps/v1")
          .Set("kind", "Deployment")
          .Set("metadata", YamlValue::Map()
                               .Set("name", KubernetesName(s->name, 253))
                               .Set("namespace", s->kubernetes_namespace.value_or(o.ns)))
          .Set("spec", YamlValue::Map().Set("template", YamlValue::Map().Set("metadata", std::move(template_meta))));
      const std::string header =
          YamlHeader(stamp,
                     "Vault Agent Injector annotations for " + s->name +
                         "'s pod template (the seed's Pattern 1). A strategic-merge patch: kubectl patch deployment " +
                         KubernetesName(s->name, 253) + " --patch-file <this file>, or a kustomize patch.",
                     file_notes);
      out.push_back({"rekey-vault-agent-" + KubernetesName(s->name, 200) + ".patch.yaml",
                     RedactTokens(header + patch.Emit(), model.sensitive)});
    }
    return out;
  }

  static std::string FormatDouble(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
};

}  // namespace

CompileOutput CompileKubernetes(const Model& model, const Policy& policy, const KubernetesOptions& options,
                                const CompileStamp& stamp, Diagnostics& diags) {
  Compiler c{model, policy, options, diags, {}, {}};
  c.IndexSchedules();
  const std::vector<YamlValue> jobs = c.CronJobs();
  std::vector<std::string> job_notes = std::move(c.notes);
  c.notes.clear();
  const std::vector<YamlValue> secrets = c.ExternalSecrets();
  std::vector<std::string> secret_notes = std::move(c.notes);
  CompileOutput out;
  out.files.push_back({DefaultFileName(CompileTarget::kKubernetes),
                       RedactTokens(YamlHeader(stamp,
                                               "Rotation CronJobs: `rekey rotate KEY` at each schedule's fire, "
                                               "`rekey apply --resume` for the steps that come due later.",
                                               job_notes) +
                                        Documents(jobs),
                                    model.sensitive)});
  if (!secrets.empty() || !secret_notes.empty()) {
    out.files.push_back({"rekey-external-secrets.yaml",
                         RedactTokens(YamlHeader(stamp,
                                                 "ExternalSecrets for the consumers that read keys through the "
                                                 "External Secrets Operator (reads_via: external-secrets).",
                                                 secret_notes) +
                                          Documents(secrets),
                                      model.sensitive)});
  }
  for (CompiledFile& f : c.VaultAgentPatches(stamp)) out.files.push_back(std::move(f));
  return out;
}

}  // namespace rekey
