// Flags shared by the commands that read the rotation model (check, plan):
// where the inventory/schedules/services/audit log/policy are, and "now".
// Resolution order: flags, then .rekey.yaml (cwd or git root), then
// inventory.yaml + schedules.yaml (+ services.yaml) in the cwd.
#ifndef REKEY_CLI_MODEL_INPUTS_H_
#define REKEY_CLI_MODEL_INPUTS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"
#include "rekey/policy/policy.h"

namespace rekey {

struct ModelOptions {
  std::vector<std::string> inventory;
  std::vector<std::string> schedules;
  std::vector<std::string> services;
  std::string audit_log;
  std::string policy;
  std::string config;
  std::string now;  // RFC 3339; empty = the system clock
  // false: no model named by flags or config is no model (no error), and the
  // cwd's inventory.yaml is not picked up (`rekey scan` links only on request).
  bool cwd_defaults = true;
  // false: the audit log (flag or config) is not read (`rekey compile`: its
  // outputs depend on the inventory and policy only).
  bool read_audit_log = true;
};

void AddModelOptions(CLI::App& command, ModelOptions& options);

struct LoadedModel {
  Model model;
  Policy policy;
  Timestamp now;
  Diagnostics diags;  // every input problem; HasErrors() => exit 2
  // The config and policy files read besides Model::files ("" entries left out).
  std::vector<std::string> other_files;
};

// Loads config, model, audit log and policy; never stops at the first problem.
LoadedModel LoadModelInputs(const ModelOptions& options);

}  // namespace rekey

#endif  // REKEY_CLI_MODEL_INPUTS_H_
