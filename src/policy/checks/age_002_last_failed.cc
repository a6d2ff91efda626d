// RK-AGE-002: the latest rotation event of a key is a failure.
#include "policy/checks/audit_util.h"
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const auto& [index, events] : HistoryOf(ctx.model()).by_key) {
    const AuditEvent* last = LastOutcome(events);
    if (last == nullptr || last->type != AuditEventType::kFailed) continue;
    const ApiKey& key = ctx.model().keys[index];
    ctx.Report(&key, last->loc, key.name,
               "the last rotation of " + KeyLabel(key) + " failed at " + last->time.ToRfc3339() +
                   (last->key_id.empty() ? "" : " (key id " + last->key_id + ")"),
               "the old key may not be revoked: check the provider and vault, then retry or roll back");
  }
}

}  // namespace

extern const Check kCheckAge002 = {
    "RK-AGE-002",
    Severity::kError,
    "Last rotation did not fail",
    "The seed pages on-call for a failed rotation: the old key may still be valid and the new one half-stored.",
    "Investigate, then re-run the rotation or roll back.",
    "alert_for",
    Run};

}  // namespace rekey
