// RotationsInProgress: the journal's unfinished rotations, for the plan.
#include <map>

#include "rekey/plan/plan.h"

namespace rekey {

std::vector<InProgressRotation> RotationsInProgress(const std::vector<AuditEvent>& audit) {
  std::vector<InProgressRotation> all;
  std::vector<bool> finished;
  std::map<std::string, size_t> index;
  for (const AuditEvent& e : audit) {
    if (e.rotation_id.empty()) continue;
    auto [it, inserted] = index.try_emplace(e.rotation_id, all.size());
    if (inserted) {
      all.push_back({e.secret, e.rotation_id, "planned", e.time, std::nullopt, "", "", false});
      finished.push_back(false);
    }
    InProgressRotation& r = all[it->second];
    switch (e.type) {
      case AuditEventType::kPlanned:
        r.emergency = e.emergency;
        break;
      case AuditEventType::kCreated:
      case AuditEventType::kActivated:
        r.new_key_id = e.key_id;
        if (!e.previous_key_id.empty()) r.old_key_id = e.previous_key_id;
        r.state = e.type == AuditEventType::kCreated ? "created" : "stored";
        if (e.not_before) r.not_before = e.not_before;
        break;
      case AuditEventType::kRevoked:
        if (e.key_id != r.new_key_id) r.state = "revoked";  // the new key's revocation precedes a failure
        break;
      case AuditEventType::kDone:
      case AuditEventType::kFailed:
      case AuditEventType::kRolledBack:
      case AuditEventType::kBlocked:
        finished[it->second] = true;
        break;
      case AuditEventType::kApproved:
      case AuditEventType::kVerifyTimeout:
      case AuditEventType::kUnlocked:
        break;
      default:
        r.state = std::string(AuditEventTypeName(e.type));
        if (e.not_before) r.not_before = e.not_before;
        break;
    }
  }
  std::vector<InProgressRotation> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!finished[i]) out.push_back(std::move(all[i]));
  }
  return out;
}

}  // namespace rekey
