// RK-AGE-004: the latest rotation of a key was rolled back.
#include "policy/checks/audit_util.h"
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const auto& [index, events] : HistoryOf(ctx.model()).by_key) {
    const AuditEvent* last = LastOutcome(events);
    if (last == nullptr || last->type != AuditEventType::kRolledBack) continue;
    const ApiKey& key = ctx.model().keys[index];
    ctx.Report(&key, last->loc, key.name,
               "the last rotation of " + KeyLabel(key) + " was rolled back at " + last->time.ToRfc3339(),
               "the key in use is the old one and keeps aging; fix the cause and rotate again");
  }
}

}  // namespace

extern const Check kCheckAge004 = {"RK-AGE-004",
                                   Severity::kWarning,
                                   "Last rotation was not rolled back",
                                   "After a rollback the previous key is back in service: the rotation did not happen.",
                                   "Fix what made the new key fail and rotate again.",
                                   "",
                                   Run};

}  // namespace rekey
