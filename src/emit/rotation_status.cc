// The journal read back: per key, its last activation, last rotation result
// and the old key still waiting for revocation (JOURNAL.md's reader rules).
#include "rekey/emit/rotation_status.h"

#include <algorithm>
#include <map>

#include "rekey/cron/next_fire.h"
#include "rekey/model/loader.h"
#include "rekey/policy/check.h"

namespace rekey {
namespace {

std::optional<RotationResult> ResultOf(AuditEventType t) {
  switch (t) {
    case AuditEventType::kDone:
      return RotationResult::kDone;
    case AuditEventType::kFailed:
      return RotationResult::kFailed;
    case AuditEventType::kRolledBack:
      return RotationResult::kRolledBack;
    case AuditEventType::kBlocked:
      return RotationResult::kBlocked;
    case AuditEventType::kVerifyTimeout:
      return RotationResult::kVerifyTimeout;
    default:
      return std::nullopt;
  }
}

// Each key's events, oldest first (ties keep file order).
std::vector<std::vector<const AuditEvent*>> EventsByKey(const Model& model) {
  std::vector<std::vector<const AuditEvent*>> out(model.keys.size());
  if (model.audit.empty()) return out;
  const KeyResolver resolver(model);
  std::map<std::string, int, std::less<>> resolved;  // a log names the same few secrets many times
  for (const AuditEvent& e : model.audit) {
    auto it = resolved.find(e.secret);
    if (it == resolved.end()) {
      const Resolution r = resolver.Resolve(e.secret);
      it = resolved.emplace(e.secret, r.status == Resolution::Status::kResolved ? r.key : -1).first;
    }
    if (it->second >= 0) out[it->second].push_back(&e);
  }
  for (auto& events : out) {
    std::stable_sort(events.begin(), events.end(),
                     [](const AuditEvent* a, const AuditEvent* b) { return a->time < b->time; });
  }
  return out;
}

std::optional<PendingRevocation> PendingOf(const std::vector<const AuditEvent*>& events, Duration grace) {
  int last = -1;
  for (int i = static_cast<int>(events.size()) - 1; i >= 0 && last < 0; --i) {
    if (events[i]->type == AuditEventType::kActivated) last = i;
  }
  if (last < 0) return std::nullopt;
  const AuditEvent& activated = *events[last];
  std::string old_id = activated.previous_key_id;
  for (int i = last - 1; i >= 0 && old_id.empty(); --i) {  // logs written before previous_key_id
    if (events[i]->type == AuditEventType::kActivated) old_id = events[i]->key_id;
  }
  if (old_id.empty()) return std::nullopt;  // a first activation replaces nothing
  std::optional<Timestamp> not_before;
  for (size_t i = last + 1; i < events.size(); ++i) {
    const AuditEvent& e = *events[i];
    if (e.type == AuditEventType::kRolledBack) return std::nullopt;  // the old key is primary again
    if (e.type == AuditEventType::kRevoked && (e.key_id == old_id || e.key_id.empty())) return std::nullopt;
  }
  if (!activated.rotation_id.empty()) {
    for (const AuditEvent* e : events) {
      if (e->rotation_id == activated.rotation_id && e->not_before) not_before = e->not_before;
    }
  }
  return PendingRevocation{old_id, activated.time, not_before.value_or(activated.time + grace)};
}

void ParseSchedule(KeyStatus& status) {
  const Schedule& s = *status.schedule;
  Result<CronExpr> expr =
      ParseCron(s.expression, s.dialect == ScheduleDialect::kAws ? CronDialect::kAws : CronDialect::kPosix);
  if (!expr) return;
  if (s.timezone) {
    Result<Zone> zone = Zone::Load(*s.timezone);
    if (!zone) return;
    status.zone = *zone;
  }
  status.expr = std::move(*expr);
}

}  // namespace

std::string_view RotationResultName(RotationResult r) {
  switch (r) {
    case RotationResult::kDone:
      return "done";
    case RotationResult::kFailed:
      return "failed";
    case RotationResult::kRolledBack:
      return "rolled_back";
    case RotationResult::kBlocked:
      return "blocked";
    case RotationResult::kVerifyTimeout:
      return "verify_timeout";
  }
  return "done";
}

std::vector<KeyStatus> ComputeKeyStatus(const Model& model) {
  std::vector<KeyStatus> out(model.keys.size());
  for (size_t i = 0; i < out.size(); ++i) out[i].index = i;
  for (const Schedule& s : model.schedules) {
    if (s.resolution.status != Resolution::Status::kResolved) continue;
    KeyStatus& status = out[s.resolution.key];
    if (status.schedule != nullptr) continue;  // RK-INV-003 reports the second one
    status.schedule = &s;
    status.grace = s.grace_period.value_or(kDefaultAlertGrace);
    ParseSchedule(status);
  }
  const std::vector<std::vector<const AuditEvent*>> events = EventsByKey(model);
  for (size_t i = 0; i < out.size(); ++i) {
    KeyStatus& status = out[i];
    status.activated = model.keys[i].last_rotated;
    for (const AuditEvent* e : events[i]) {
      if (e->type == AuditEventType::kActivated) status.activated = e->time;
      if (std::optional<RotationResult> r = ResultOf(e->type)) {
        status.last_result = r;
        status.last_result_time = e->time;
      }
    }
    status.pending = PendingOf(events[i], status.grace);
  }
  return out;
}

std::optional<Timestamp> NextRotation(const KeyStatus& status, Timestamp now) {
  if (!status.expr) return std::nullopt;
  if (status.expr->kind() == CronExpr::Kind::kRate) {
    if (!status.activated) return std::nullopt;
    return *status.activated + status.expr->rate();
  }
  std::optional<Fire> fire = NextFire(*status.expr, status.zone, now);
  if (!fire) return std::nullopt;
  return fire->at;
}

AlertThresholds ThresholdsFor(const ApiKey& key, const Policy& policy) {
  const PolicySubject subject = SubjectOf(&key);
  AlertThresholds t;
  t.age_alert_factor = policy.NumberParam("RK-AGE-001", "age_alert_factor", subject).value_or(1.5);
  if (key.rotation_frequency) t.age_limit = key.rotation_frequency->Scaled(t.age_alert_factor);
  t.max_age = policy.DurationParam("RK-ROT-001", "max_age", subject);
  t.age_for = policy.DurationParam("RK-AGE-001", "alert_for", subject).value_or(t.age_for);
  t.failed_for = policy.DurationParam("RK-AGE-002", "alert_for", subject).value_or(t.failed_for);
  t.old_key_for = policy.DurationParam("RK-AGE-003", "alert_for", subject).value_or(t.old_key_for);
  return t;
}

}  // namespace rekey
