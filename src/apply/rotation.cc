// Replay: the journal's events folded into one record per rotation.
#include "rekey/apply/rotation.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

namespace rekey {

std::string_view RotationStateName(RotationState s) {
  static constexpr std::string_view kNames[] = {"planned",    "locked",  "created", "stored", "propagating", "verified",
                                                "revoke_due", "revoked", "done",    "failed", "rolled_back", "blocked"};
  return kNames[static_cast<int>(s)];
}

bool RotationRecord::stored() const {
  switch (state) {
    case RotationState::kStored:
    case RotationState::kPropagating:
    case RotationState::kVerified:
    case RotationState::kRevokeDue:
    case RotationState::kRevoked:
    case RotationState::kDone:
      return true;
    case RotationState::kFailed:
      return activated_at.has_value() && !new_key_revoked;
    default:
      return false;
  }
}

void ApplyEvent(RotationRecord& r, const AuditEvent& e) {
  r.updated = e.time;
  switch (e.type) {
    case AuditEventType::kPlanned:
      r.started = e.time;
      r.emergency = e.emergency;
      r.actor = e.actor;
      r.state = RotationState::kPlanned;
      break;
    case AuditEventType::kLocked:
      r.locked = true;
      r.state = RotationState::kLocked;
      break;
    case AuditEventType::kCreated:
      r.new_key_id = e.key_id;
      if (!e.previous_key_id.empty()) r.old_key_id = e.previous_key_id;
      r.state = RotationState::kCreated;
      break;
    case AuditEventType::kActivated:
      r.new_key_id = e.key_id;
      if (!e.previous_key_id.empty()) r.old_key_id = e.previous_key_id;
      r.activated_at = e.time;
      if (e.not_before) r.not_before = e.not_before;
      r.state = RotationState::kStored;
      break;
    case AuditEventType::kPropagating:
      if (e.not_before) r.not_before = e.not_before;
      r.state = RotationState::kPropagating;
      break;
    case AuditEventType::kVerified:
      r.verified_by = e.method.empty() ? e.reason : e.method;
      r.state = RotationState::kVerified;
      break;
    case AuditEventType::kApproved:
      r.approved_by = e.actor.empty() ? "unknown" : e.actor;
      break;
    case AuditEventType::kVerifyTimeout:
      r.verify_timed_out = true;
      break;
    case AuditEventType::kRevokeDue:
      r.state = RotationState::kRevokeDue;
      break;
    case AuditEventType::kRevoked:
      if (!r.new_key_id.empty() && e.key_id == r.new_key_id) {
        r.new_key_revoked = true;  // a rollback or an unstored new key
      } else {
        r.old_key_revoked = true;
        r.state = RotationState::kRevoked;
      }
      break;
    case AuditEventType::kDone:
      r.state = RotationState::kDone;
      break;
    case AuditEventType::kFailed:
      r.reason = e.reason;
      r.state = RotationState::kFailed;
      break;
    case AuditEventType::kRolledBack:
      r.reason = e.reason;
      r.state = RotationState::kRolledBack;
      break;
    case AuditEventType::kBlocked:
      r.reason = e.reason;
      r.state = RotationState::kBlocked;
      break;
    case AuditEventType::kUnlocked:
      r.unlocked = true;
      break;
  }
}

std::vector<RotationRecord> Replay(const std::vector<AuditEvent>& events) {
  std::vector<RotationRecord> out;
  std::map<std::string, size_t> index;
  for (const AuditEvent& e : events) {
    if (e.rotation_id.empty()) continue;
    auto [it, inserted] = index.try_emplace(e.rotation_id, out.size());
    if (inserted) {
      out.emplace_back();
      out.back().rotation_id = e.rotation_id;
      out.back().key = e.secret;
      out.back().started = e.time;
    }
    ApplyEvent(out[it->second], e);
  }
  return out;
}

const RotationRecord* LatestFor(const std::vector<RotationRecord>& records, const std::string& key) {
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

std::string MakeRotationId(const std::string& key, Timestamp now) {
  uint32_t bits = 0;
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  if (!urandom.read(reinterpret_cast<char*>(&bits), sizeof bits)) bits = std::random_device()();
  const CivilTime c = CivilFromUnixSeconds(now.unix_seconds());
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02dZ-%08x", c.year, c.month, c.day, c.hour, c.minute,
                c.second, bits);
  return "rot-" + key + "-" + stamp;
}

}  // namespace rekey
