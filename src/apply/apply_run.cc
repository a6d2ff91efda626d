// RunApply: which rotations to start or continue, then the Orchestrator.
#include <algorithm>

#include "rekey/apply/apply.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

const Schedule* ScheduleOf(const Model& model, const std::string& key) {
  const ApiKey* k = model.FindKey(key);
  if (k == nullptr) return nullptr;
  const int index = static_cast<int>(k - model.keys.data());
  for (const Schedule& s : model.schedules) {
    if (s.resolution.status == Resolution::Status::kResolved && s.resolution.key == index) return &s;
  }
  return nullptr;
}

// When the key last rotated by any record: the journal's rotations, another
// tool's `activated` events, the inventory's last_rotated. nullopt = never.
std::optional<Timestamp> LastRotation(const Model& model, const std::vector<RotationRecord>& records,
                                      const std::string& key) {
  std::optional<Timestamp> last;
  auto later = [&last](Timestamp t) { last = last ? std::max(*last, t) : t; };
  for (const RotationRecord& r : records) {
    if (r.key == key) later(r.started);
  }
  for (const AuditEvent& e : model.audit) {
    if (e.secret == key && (e.type == AuditEventType::kActivated || e.type == AuditEventType::kPlanned)) later(e.time);
  }
  if (const ApiKey* k = model.FindKey(key); k != nullptr && k->last_rotated) later(*k->last_rotated);
  return last;
}

bool InProgress(const std::vector<RotationRecord>& records, const std::string& key) {
  return std::any_of(records.begin(), records.end(),
                     [&key](const RotationRecord& r) { return r.key == key && !r.terminal(); });
}

void Print(std::ostream& out, const StepReport& r) {
  out << r.key << ": " << OutcomeName(r.outcome) << " [" << RotationStateName(r.state) << "]"
      << (r.rotation_id.empty() ? "" : " " + r.rotation_id) << (r.message.empty() ? "" : " - " + r.message) << "\n";
}

ApplySummary InputError(std::string message) {
  ApplySummary s;
  s.input_error = true;
  s.error = std::move(message);
  return s;
}

std::string BlockReasons(const BlockedKey& b) {
  std::vector<std::string> ids;
  for (const BlockReason& reason : b.reasons) {
    if (std::find(ids.begin(), ids.end(), reason.id) == ids.end()) ids.push_back(reason.id);
  }
  return "policy: " + Join(ids, ", ") + " (see rekey check)";
}

// Continues every unfinished rotation (and releases locks left held).
void ResumeAll(const ApplyRequest& request, const Model& model, const std::vector<RotationRecord>& records,
               Orchestrator& orchestrator, std::ostream& out, ApplySummary& summary) {
  for (const RotationRecord& r : records) {
    if (r.terminal() && !r.lock_pending()) continue;
    if (model.FindKey(r.key) == nullptr) {
      summary.reports.push_back({r.key, r.rotation_id, r.state, Outcome::kFailed,
                                 "the key is no longer in the inventory; finish the rotation by hand"});
      continue;
    }
    if (request.dry_run) {
      out << r.key << ": would continue rotation " << r.rotation_id << " from " << RotationStateName(r.state) << "\n";
      continue;
    }
    summary.reports.push_back(orchestrator.Resume(r, SpecFor(model, r.key, nullptr)));
  }
}

// Starts the rotations the plan says are due, and records the blocked ones.
void StartDue(const ApplyRequest& request, const Model& model, const RotationPlan& plan,
              const std::vector<RotationRecord>& records, Orchestrator& orchestrator, std::ostream& out,
              ApplySummary& summary) {
  std::map<std::string, const Rotation*> latest;  // key -> its latest fire at or before now
  for (const Rotation& r : plan.rotations) {
    if (r.fire > request.now || model.FindKey(r.key) == nullptr) continue;
    const Rotation*& slot = latest[r.key];
    if (slot == nullptr || slot->fire < r.fire) slot = &r;
  }
  for (const auto& [key, rotation] : latest) {
    if (InProgress(records, key)) continue;
    const std::optional<Timestamp> last = LastRotation(model, records, key);
    if (last && *last >= rotation->fire) continue;
    const Schedule* schedule = ScheduleOf(model, key);
    const bool immediate = schedule != nullptr && schedule->rotate_immediately.value_or(false);
    if (!last && !immediate && rotation->fire < request.now - request.catch_up) continue;
    const RotationSpec spec = SpecFor(model, key, rotation);
    if (request.dry_run) {
      out << orchestrator.DryRun(spec);
      continue;
    }
    summary.reports.push_back(orchestrator.Start(spec));
  }
  for (const BlockedKey& b : plan.blocked) {
    if (b.key.empty() || model.FindKey(b.key) == nullptr || InProgress(records, b.key)) continue;
    std::optional<Timestamp> fire;
    for (Timestamp t : b.would_fire) {
      if (t <= request.now) fire = t;
    }
    const std::optional<Timestamp> last = LastRotation(model, records, b.key);
    if (!fire || (last && *last >= *fire)) continue;
    if (!last && *fire < request.now - request.catch_up) continue;
    if (request.dry_run) {
      out << b.key << ": blocked - " << BlockReasons(b) << "\n";
      continue;
    }
    summary.reports.push_back(orchestrator.RecordBlocked(SpecFor(model, b.key, nullptr), BlockReasons(b)));
  }
}

const RotationRecord* Unfinished(const std::vector<RotationRecord>& records, const std::string& key) {
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (it->key == key && !it->terminal()) return &*it;
  }
  return nullptr;
}

}  // namespace

int ApplySummary::exit_code() const {
  if (input_error) return 2;
  for (const StepReport& r : reports) {
    if (IsProblem(r.outcome)) return 1;
  }
  return 0;
}

RotationSpec SpecFor(const Model& model, const std::string& key, const Rotation* rotation) {
  RotationSpec spec;
  spec.key = key;
  const ApiKey* k = model.FindKey(key);
  if (k == nullptr) return spec;
  spec.vault_path = k->vault_path.value_or("");
  spec.provider_api = k->provider_api.value_or("");
  if (const Schedule* s = ScheduleOf(model, key)) {
    if (s->grace_period) spec.grace = *s->grace_period;
    spec.verify = s->verify;
    spec.rollback_on_failure = s->rollback_on_failure.value_or(true);
  }
  if (rotation != nullptr) {
    spec.grace = rotation->grace;
    spec.emergency = rotation->emergency;
  }
  return spec;
}

ApplySummary RunApply(const ApplyRequest& request, const Model& model, const RotationPlan& plan,
                      const std::vector<RotationRecord>& records, Orchestrator& orchestrator, std::ostream& out) {
  ApplySummary summary;
  const bool one_key =
      request.mode == ApplyMode::kRotate || request.mode == ApplyMode::kRollback || request.mode == ApplyMode::kApprove;
  if (one_key && model.FindKey(request.key) == nullptr) {
    std::vector<std::string> names;
    for (const ApiKey& k : model.keys) names.push_back(k.name);
    std::optional<std::string> close = SuggestClosest(request.key, names);
    return InputError("no api key named " + Quote(request.key) +
                      (close ? "; did you mean " + Quote(*close) + "?" : ""));
  }
  switch (request.mode) {
    case ApplyMode::kApply:
    case ApplyMode::kResume:
      ResumeAll(request, model, records, orchestrator, out, summary);
      if (request.mode == ApplyMode::kApply) StartDue(request, model, plan, records, orchestrator, out, summary);
      break;
    case ApplyMode::kRotate: {
      if (const RotationRecord* busy = Unfinished(records, request.key)) {
        summary.reports.push_back({request.key, busy->rotation_id, busy->state, Outcome::kBlocked,
                                   "rotation in progress; `rekey apply --resume` continues it (or rekey rollback)"});
        break;
      }
      const Rotation* rotation = nullptr;
      for (const Rotation& r : plan.rotations) {
        if (r.key == request.key && (rotation == nullptr || r.emergency)) rotation = &r;
      }
      RotationSpec spec = SpecFor(model, request.key, request.emergency ? rotation : nullptr);
      spec.emergency = request.emergency;
      const auto blocked = std::find_if(plan.blocked.begin(), plan.blocked.end(),
                                        [&](const BlockedKey& b) { return b.key == request.key; });
      if (request.dry_run) {
        out << (blocked != plan.blocked.end() && !request.emergency
                    ? request.key + ": blocked - " + BlockReasons(*blocked) + "\n"
                    : orchestrator.DryRun(spec));
      } else if (blocked != plan.blocked.end() && !request.emergency) {
        summary.reports.push_back(orchestrator.RecordBlocked(spec, BlockReasons(*blocked)));
      } else {
        summary.reports.push_back(orchestrator.Start(spec));
      }
      break;
    }
    case ApplyMode::kRollback: {
      const RotationRecord* latest = nullptr;
      for (auto it = records.rbegin(); it != records.rend() && latest == nullptr; ++it) {
        if (it->key == request.key && it->state != RotationState::kBlocked) latest = &*it;
      }
      if (latest == nullptr)
        return InputError("the journal has no rotation of " + Quote(request.key) + " to roll back");
      if (request.dry_run) {
        out << request.key << ": would roll back rotation " << latest->rotation_id << " (restore the previous vault "
            << "version with key " << latest->old_key_id << ", revoke key " << latest->new_key_id << ")\n";
        break;
      }
      summary.reports.push_back(orchestrator.Rollback(*latest, SpecFor(model, request.key, nullptr), request.reason));
      break;
    }
    case ApplyMode::kApprove: {
      const RotationRecord* open = Unfinished(records, request.key);
      if (open == nullptr) return InputError("no rotation of " + Quote(request.key) + " is waiting for approval");
      if (request.dry_run) {
        out << request.key << ": would record an approval by " << request.approver << " for " << open->rotation_id
            << "\n";
        break;
      }
      summary.reports.push_back(orchestrator.Approve(*open, SpecFor(model, request.key, nullptr), request.approver));
      break;
    }
  }
  for (const StepReport& r : summary.reports) Print(out, r);
  return summary;
}

}  // namespace rekey
