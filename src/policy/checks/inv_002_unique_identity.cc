// RK-INV-002: key names are unique and no two keys share a vault path.
#include <map>

#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

std::string Where(const SourceLoc& loc) { return loc.path + ":" + std::to_string(loc.line); }

void Run(CheckContext& ctx) {
  std::map<std::string, const ApiKey*> names;
  std::map<std::string, const ApiKey*> paths;
  for (const ApiKey& key : ctx.model().keys) {
    auto [by_name, new_name] = names.emplace(key.name, &key);
    if (!new_name) {
      ctx.Report(&key, key.LocOf("name"), key.name,
                 "api key name " + Quote(key.name) + " is already used at " + Where(by_name->second->loc),
                 "rename one of them: schedules and findings refer to keys by name");
    }
    if (!key.vault_path || key.vault_path->empty()) continue;
    auto [by_path, new_path] = paths.emplace(*key.vault_path, &key);
    if (!new_path) {
      ctx.Report(&key, key.LocOf("vault_path"), key.name,
                 "api key " + Quote(key.name) + " shares vault_path " + Quote(*key.vault_path) + " with " +
                     Quote(by_path->second->name) + " (" + Where(by_path->second->loc) + ")",
                 "give each key its own vault path; rotating one would overwrite the other");
    }
  }
}

}  // namespace

extern const Check kCheckInv002 = {
    "RK-INV-002",
    Severity::kError,
    "Key names and vault paths are unique",
    "Schedules, audit events and findings name keys; two keys with one name or one vault path make every "
    "reference ambiguous, and rotating one overwrites the other's secret.",
    "Rename the duplicate key or give it its own vault_path.",
    "",
    Run};

}  // namespace rekey
