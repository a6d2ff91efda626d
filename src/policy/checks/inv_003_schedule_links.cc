// RK-INV-003: every schedule resolves to exactly one key with the same provider,
// and every key has exactly one schedule.
#include <map>

#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

void ReportUnresolved(CheckContext& ctx, const Schedule& s) {
  const Resolution& r = s.resolution;
  std::string hint = "name a key by name, vault_path, vault_path without its mount, or <env>/<name>";
  if (r.suggestion) {
    const ApiKey* key = ctx.model().FindKey(*r.suggestion);
    hint = "did you mean " + Quote(*r.suggestion);
    if (key && key->vault_path) hint += " (vault_path " + *key->vault_path + ")";
    hint += "?";
    if (key && key->provider && s.provider && !SameName(*key->provider, *s.provider)) {
      hint +=
          " Its provider " + Quote(*key->provider) + " also differs from the schedule's " + Quote(*s.provider) + ".";
    }
  }
  ctx.Report(nullptr, s.LocOf("secret"), s.secret,
             "schedule secret " + Quote(s.secret) + " resolves to no inventory key", hint);
}

void ReportProviderMismatch(CheckContext& ctx, const Schedule& s, const ApiKey& key) {
  if (!s.provider || !key.provider || SameName(*s.provider, *key.provider)) return;
  ctx.Report(&key, s.LocOf("provider"), key.name,
             "schedule provider " + Quote(*s.provider) + " does not match provider " + Quote(*key.provider) +
                 " of api key " + Quote(key.name),
             "use the inventory's provider name (compared ignoring case and punctuation)");
}

void Run(CheckContext& ctx) {
  const Model& model = ctx.model();
  std::map<int, std::vector<const Schedule*>> by_key;
  for (const Schedule& s : model.schedules) {
    const Resolution& r = s.resolution;
    if (r.status == Resolution::Status::kUnresolved) {
      ReportUnresolved(ctx, s);
    } else if (r.status == Resolution::Status::kAmbiguous) {
      ctx.Report(nullptr, s.LocOf("secret"), s.secret,
                 "schedule secret " + Quote(s.secret) + " matches several keys: " + Join(r.candidates, ", "),
                 "use the key's unique name as the schedule's secret");
    } else {
      by_key[r.key].push_back(&s);
      ReportProviderMismatch(ctx, s, model.keys[r.key]);
    }
  }
  for (size_t i = 0; i < model.keys.size(); ++i) {
    const ApiKey& key = model.keys[i];
    auto it = by_key.find(static_cast<int>(i));
    if (it == by_key.end()) {
      ctx.Report(&key, key.loc, key.name, "api key " + Quote(key.name) + " has no rotation schedule",
                 "add a rotation_schedules entry with secret: " + key.name);
    } else if (it->second.size() > 1) {
      ctx.Report(&key, it->second[1]->LocOf("secret"), key.name,
                 "api key " + Quote(key.name) + " has " + std::to_string(it->second.size()) + " rotation schedules",
                 "keep one schedule per key; two would rotate it twice and revoke a key still in use");
    }
  }
}

}  // namespace

extern const Check kCheckInv003 = {
    "RK-INV-003",
    Severity::kError,
    "Schedules and keys are linked one to one",
    "A schedule that names no key rotates nothing while the key it meant ages; a key without a schedule is "
    "never rotated; a provider mismatch means the schedule drives the wrong provider's API.",
    "Point the schedule's secret at the key (name, vault_path, or <env>/<name>) and use the key's provider.",
    "",
    Run};

}  // namespace rekey
