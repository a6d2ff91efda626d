// Audit-log helpers for the RK-AGE checks: events grouped by the key they
// name (resolved like schedule secrets), in time order.
#ifndef REKEY_POLICY_CHECKS_AUDIT_UTIL_H_
#define REKEY_POLICY_CHECKS_AUDIT_UTIL_H_

#include <algorithm>
#include <map>
#include <vector>

#include "rekey/model/loader.h"
#include "rekey/model/model.h"

namespace rekey {

struct KeyHistory {
  std::map<int, std::vector<const AuditEvent*>> by_key;  // key index -> events by time
  std::vector<const AuditEvent*> unknown;                // events naming no (or several) keys
};

inline KeyHistory HistoryOf(const Model& model) {
  KeyHistory h;
  if (model.audit.empty()) return h;
  const KeyResolver resolver(model);
  for (const AuditEvent& e : model.audit) {
    const Resolution r = resolver.Resolve(e.secret);
    if (r.status == Resolution::Status::kResolved)
      h.by_key[r.key].push_back(&e);
    else
      h.unknown.push_back(&e);
  }
  for (auto& [key, events] : h.by_key) {
    std::stable_sort(events.begin(), events.end(),
                     [](const AuditEvent* a, const AuditEvent* b) { return a->time < b->time; });
  }
  return h;
}

// The last event of `type`, or nullptr.
inline const AuditEvent* Last(const std::vector<const AuditEvent*>& events, AuditEventType type) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if ((*it)->type == type) return *it;
  }
  return nullptr;
}

// The last event that changed which key is in service or how the last
// rotation ended: the journal's bookkeeping events (planned, locked,
// propagating, verified, approved, revoke_due, unlocked, and blocked, which
// changes nothing) are skipped, so "failed" then "unlocked" is still a
// failure and a retry in progress ("created") is not. nullptr when none.
inline const AuditEvent* LastOutcome(const std::vector<const AuditEvent*>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    switch ((*it)->type) {
      case AuditEventType::kCreated:
      case AuditEventType::kActivated:
      case AuditEventType::kRevoked:
      case AuditEventType::kFailed:
      case AuditEventType::kRolledBack:
      case AuditEventType::kVerifyTimeout:
      case AuditEventType::kDone:
        return *it;
      default:
        break;
    }
  }
  return nullptr;
}

}  // namespace rekey

#endif  // REKEY_POLICY_CHECKS_AUDIT_UTIL_H_
