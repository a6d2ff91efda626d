// Compile(): one target's files; the stamp that lets --check regenerate them.
#include "rekey/emit/compile.h"

#include <nlohmann/json.hpp>

#include "emit/compile_internal.h"

namespace rekey {
namespace {

// The Kubernetes flags: name, the option it sets.
const std::vector<std::pair<const char*, std::string KubernetesOptions::*>> kKubernetesFlags = {
    {"namespace", &KubernetesOptions::ns},
    {"image", &KubernetesOptions::image},
    {"vault-addr", &KubernetesOptions::vault_addr},
    {"vault-token-secret", &KubernetesOptions::vault_token_secret},
    {"inventory-dir", &KubernetesOptions::inventory_dir},
    {"journal-claim", &KubernetesOptions::journal_claim},
    {"secret-store", &KubernetesOptions::secret_store},
    {"resume-schedule", &KubernetesOptions::resume_schedule}};

// The scan-jobs flags: name, the option it sets (plus --namespace and --image).
const std::vector<std::pair<const char*, std::string ScanJobsOptions::*>> kScanJobsFlags = {
    {"shards", &ScanJobsOptions::shards}, {"repos", &ScanJobsOptions::repos},
    {"mode", &ScanJobsOptions::mode},     {"schedule", &ScanJobsOptions::schedule},
    {"claim", &ScanJobsOptions::claim},   {"install", &ScanJobsOptions::install}};
const std::vector<std::pair<const char*, std::string KubernetesOptions::*>> kScanJobsKubernetesFlags = {
    {"namespace", &KubernetesOptions::ns}, {"image", &KubernetesOptions::image}};

}  // namespace

std::string_view CompileTargetName(CompileTarget target) {
  switch (target) {
    case CompileTarget::kPrometheus:
      return "prometheus";
    case CompileTarget::kAlertmanager:
      return "alertmanager";
    case CompileTarget::kKubernetes:
      return "kubernetes";
    case CompileTarget::kAws:
      return "aws";
    case CompileTarget::kScanJobs:
      return "scan-jobs";
  }
  return "prometheus";
}

std::optional<CompileTarget> ParseCompileTarget(std::string_view name) {
  for (CompileTarget t : {CompileTarget::kPrometheus, CompileTarget::kAlertmanager, CompileTarget::kKubernetes,
                          CompileTarget::kAws, CompileTarget::kScanJobs}) {
    if (CompileTargetName(t) == name) return t;
  }
  return std::nullopt;
}

std::string DefaultFileName(CompileTarget target) {
  switch (target) {
    case CompileTarget::kPrometheus:
      return "rekey-alerts.rules.yaml";
    case CompileTarget::kAlertmanager:
      return "rekey-alertmanager.yaml";
    case CompileTarget::kKubernetes:
      return "rekey-cronjobs.yaml";
    case CompileTarget::kAws:
      return "rekey-rotation-schedules.cfn.json";
    case CompileTarget::kScanJobs:
      return "rekey-scan.workflow.yml";
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> StampOptions(CompileTarget target, const CompileOptions& options) {
  std::vector<std::pair<std::string, std::string>> out;
  if (target == CompileTarget::kScanJobs) {
    const ScanJobsOptions defaults;
    for (const auto& [flag, member] : kScanJobsFlags) {
      if (options.scan_jobs.*member != defaults.*member) out.emplace_back(flag, options.scan_jobs.*member);
    }
    const KubernetesOptions k8s;
    for (const auto& [flag, member] : kScanJobsKubernetesFlags) {
      if (options.kubernetes.*member != k8s.*member) out.emplace_back(flag, options.kubernetes.*member);
    }
    return out;
  }
  if (target != CompileTarget::kKubernetes) return out;
  const KubernetesOptions defaults;
  for (const auto& [flag, member] : kKubernetesFlags) {
    if (options.kubernetes.*member != defaults.*member) out.emplace_back(flag, options.kubernetes.*member);
  }
  return out;
}

Status ApplyStampOptions(const CompileStamp& stamp, CompileOptions& options) {
  for (const auto& [name, value] : stamp.options) {
    bool known = false;
    if (stamp.target == CompileTarget::kKubernetes) {
      for (const auto& [flag, member] : kKubernetesFlags) {
        if (name == flag) {
          options.kubernetes.*member = value;
          known = true;
        }
      }
    }
    if (stamp.target == CompileTarget::kScanJobs) {
      for (const auto& [flag, member] : kScanJobsFlags) {
        if (name == flag) {
          options.scan_jobs.*member = value;
          known = true;
        }
      }
      for (const auto& [flag, member] : kScanJobsKubernetesFlags) {
        if (name == flag) {
          options.kubernetes.*member = value;
          known = true;
        }
      }
    }
    if (!known) {
      return Error{"the stamp names an option " + name + " that `rekey compile " +
                       std::string(CompileTargetName(stamp.target)) + "` does not have",
                   "regenerate the file with this rekey version", 0};
    }
  }
  return Ok{};
}

std::string StampJson(const CompileStamp& stamp) {
  nlohmann::json j;
  j["target"] = CompileTargetName(stamp.target);
  j["options"] = nlohmann::json::object();
  for (const auto& [name, value] : stamp.options) j["options"][name] = value;
  return j.dump();
}

std::optional<CompileStamp> ReadCompileStamp(std::string_view text) {
  nlohmann::json j;
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] == '{') {  // a CloudFormation template
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("Metadata") || !doc["Metadata"].is_object()) return std::nullopt;
    j = doc["Metadata"].value("rekey-compile", nlohmann::json());
  } else {
    const size_t at = text.find(kCompileMarkerTag);
    if (at == std::string_view::npos) return std::nullopt;
    const size_t begin = at + std::string_view(kCompileMarkerTag).size();
    const size_t end = text.find('\n', begin);
    j = nlohmann::json::parse(text.substr(begin, end == std::string_view::npos ? end : end - begin), nullptr, false);
  }
  if (!j.is_object() || !j.contains("target") || !j["target"].is_string()) return std::nullopt;
  std::optional<CompileTarget> target = ParseCompileTarget(j["target"].get<std::string>());
  if (!target) return std::nullopt;
  CompileStamp stamp;
  stamp.target = *target;
  if (j.contains("options") && j["options"].is_object()) {
    for (auto it = j["options"].begin(); it != j["options"].end(); ++it) {
      if (!it->is_string()) return std::nullopt;
      stamp.options[it.key()] = it->get<std::string>();
    }
  }
  return stamp;
}

CompileOutput Compile(CompileTarget target, const Model& model, const Policy& policy, const CompileOptions& options,
                      Diagnostics& diags) {
  CompileStamp stamp{target, {}};
  for (auto& [name, value] : StampOptions(target, options)) stamp.options[name] = value;
  switch (target) {
    case CompileTarget::kPrometheus:
      return CompilePrometheusRules(model, policy, stamp);
    case CompileTarget::kAlertmanager:
      return CompileAlertmanager(model, stamp);
    case CompileTarget::kKubernetes:
      return CompileKubernetes(model, policy, options.kubernetes, stamp, diags);
    case CompileTarget::kAws:
      return CompileCloudFormation(model, stamp, diags);
    case CompileTarget::kScanJobs:
      return CompileScanJobs(options, stamp, diags);
  }
  return {};
}

}  // namespace rekey
