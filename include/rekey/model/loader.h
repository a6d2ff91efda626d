// Loading the model from files. Inventory, services and schedules may sit in one
// file or many: every input is a file, a directory (its *.yaml/*.yml files,
// recursively, sorted) or a glob, and any file may hold any of the top-level
// sections api_keys, services, rotation_schedules. The audit log is JSON Lines.
//
// Errors: every problem in every file goes to `diags` (file:line:col, id, hint);
// the caller checkpoints with diags.HasErrors(). Loading never throws.
//
//   ModelInputs in;
//   in.inventory = {"inventory.yaml"};
//   Diagnostics diags;
//   Model model = LoadModel(in, diags);
#ifndef REKEY_MODEL_LOADER_H_
#define REKEY_MODEL_LOADER_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/model/model.h"

namespace rekey {

struct ModelInputs {
  std::vector<std::string> inventory;  // files, directories or globs
  std::vector<std::string> schedules;
  std::vector<std::string> services;
  std::string audit_log;  // optional JSON Lines file
};

Model LoadModel(const ModelInputs& inputs, Diagnostics& diags);

// Loads one YAML text into `model` (exposed for tests and fuzzing).
void LoadModelText(const std::string& text, const std::string& path, Model& model, Diagnostics& diags);

// Reads a JSON Lines audit log into `model.audit`; malformed lines are diagnostics.
// The file must be a regular file of at most 256 MiB (RK-IO-001 otherwise).
void LoadAuditLog(const std::string& path, Model& model, Diagnostics& diags);
// The same over text already in memory (exposed for tests and fuzzing).
void LoadAuditLogText(std::string_view text, const std::string& path, Model& model, Diagnostics& diags);

// Resolves every schedule's `secret` to an inventory key (fills Schedule::resolution).
void ResolveSchedules(Model& model);

// Resolves references (schedule secrets, audit events' secrets) to keys by the
// rules above, through an index of every key's aliases built once.
class KeyResolver {
 public:
  explicit KeyResolver(const Model& model);
  Resolution Resolve(const std::string& ref) const;

 private:
  // Keys by name, by vault_path and by vault_path without its mount segment;
  // the views point into the model's keys.
  using Index = std::unordered_multimap<std::string_view, int>;
  const Model& model_;
  Index by_name_, by_vault_path_, by_vault_subpath_;
};

// One-off convenience over KeyResolver (builds the index each call).
Resolution ResolveSecretRef(const Model& model, const std::string& ref);

// Expands files, directories and globs into a sorted, de-duplicated file list.
// A path that matches nothing is an RK-IO-002 error.
std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& inputs, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_LOADER_H_
