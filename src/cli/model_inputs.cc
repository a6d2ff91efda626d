#include "cli/model_inputs.h"

#include <filesystem>

#include "rekey/base/clock.h"
#include "rekey/config/config.h"
#include "rekey/model/loader.h"

namespace rekey {

void AddModelOptions(CLI::App& command, ModelOptions& o) {
  command.add_option("--inventory", o.inventory, "Inventory file, directory or glob (repeatable)");
  command.add_option("--schedules", o.schedules, "Rotation schedules file, directory or glob (repeatable)");
  command.add_option("--services", o.services, "Consumer services file, directory or glob (repeatable)");
  command.add_option("--audit-log", o.audit_log, "Rotation audit log (JSON Lines)");
  command.add_option("--policy", o.policy, "Policy file extending the built-in default, or `strict`");
  command.add_option("--config", o.config, "Configuration file (default: .rekey.yaml in cwd or git root)");
  command.add_option("--now", o.now, "The instant to evaluate at, RFC 3339 (default: the clock)");
}

namespace {

// Fills unset model inputs from the config file or the cwd defaults.
ModelInputs ResolveInputs(const ModelOptions& o, std::string& policy, std::string& config_file, Diagnostics& diags) {
  ModelInputs in{o.inventory, o.schedules, o.services, o.audit_log};
  policy = o.policy;
  std::optional<std::string> config_path = o.config.empty() ? FindConfigFile(".") : o.config;
  if (config_path) {
    config_file = *config_path;
    Config config = LoadConfig(*config_path, diags);
    const bool flags_name_model = !in.inventory.empty() || !in.schedules.empty() || !in.services.empty();
    if (!flags_name_model) {
      in.inventory = config.inventory;
      in.schedules = config.schedules;
      in.services = config.services;
    }
    if (in.audit_log.empty()) in.audit_log = config.audit_log;
    if (policy.empty()) policy = config.policy;
  }
  if (o.cwd_defaults && in.inventory.empty() && in.schedules.empty() && in.services.empty()) {
    std::error_code ec;
    for (const char* name : {"inventory.yaml", "schedules.yaml", "services.yaml"}) {
      if (std::filesystem::exists(name, ec)) in.inventory.push_back(name);
    }
    if (in.inventory.empty() && !diags.HasErrors()) {
      diags.Error({}, "RK-IO-003", "no inventory given and none found",
                  "pass --inventory FILE (and --schedules FILE), write a .rekey.yaml, or run where "
                  "inventory.yaml and schedules.yaml are");
    }
  }
  if (!o.read_audit_log) in.audit_log.clear();
  return in;
}

}  // namespace

LoadedModel LoadModelInputs(const ModelOptions& o) {
  LoadedModel out;
  if (o.now.empty()) {
    out.now = SystemClock().Now();
  } else if (Result<Timestamp> now = ParseRfc3339(o.now)) {
    out.now = *now;
  } else {
    out.diags.Error({"--now", 0, 0}, "RK-USE-001", now.error().message, now.error().hint);
  }
  std::string policy_path, config_file;
  ModelInputs inputs = ResolveInputs(o, policy_path, config_file, out.diags);
  if (!config_file.empty()) out.other_files.push_back(config_file);
  // A built-in policy name ("strict") is no file.
  if (!policy_path.empty() && EmbeddedPolicyText(policy_path) == nullptr) out.other_files.push_back(policy_path);
  const bool named = !inputs.inventory.empty() || !inputs.schedules.empty() || !inputs.services.empty();
  if (named) out.model = LoadModel(inputs, out.diags);
  if (!named && !o.cwd_defaults) return out;  // no model asked for: nothing more to load
  out.policy = LoadPolicy(policy_path, out.diags);
  out.diags.Sort();
  return out;
}

}  // namespace rekey
