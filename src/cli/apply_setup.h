// What `rekey apply`, `rekey rotate` and `rekey rollback` share: their flags
// (the model flags plus the rotation ones) and RunApplyCommand, which builds
// the journal, the Vault and provider clients and the Orchestrator, then hands
// over to the apply library (rekey/apply/apply.h).
#ifndef REKEY_CLI_APPLY_SETUP_H_
#define REKEY_CLI_APPLY_SETUP_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/model_inputs.h"
#include "rekey/apply/apply.h"

namespace rekey {

struct ApplyCliOptions {
  ModelOptions model;
  ApplyMode mode = ApplyMode::kApply;
  std::string plan_file;  // a committed JSON plan (rekey apply PLAN.json)
  std::string key;        // rotate / rollback / approve
  bool resume = false;
  bool emergency = false;
  bool dry_run = false;
  std::string approver;  // --actor
  std::string reason = "manual rollback";
  std::string notify;                  // alert hook command
  std::vector<std::string> providers;  // extra provider catalogs
  std::string catch_up = "1h";
  std::string http_timeout = "15s";  // per request, before retries
};

// The flags every rotation command takes.
void AddRotationOptions(CLI::App& command, ApplyCliOptions& options);

int RunApplyCommand(ApplyCliOptions options, const GlobalOptions& global);

}  // namespace rekey

#endif  // REKEY_CLI_APPLY_SETUP_H_
