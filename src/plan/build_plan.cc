// BuildPlan: schedules -> fires in the horizon -> rotations, with error
// violations turned into blocks and warning violations carried as warnings.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "plan/plan_internal.h"
#include "rekey/base/sha256.h"
#include "rekey/base/text.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/next_fire.h"

namespace rekey {
namespace {

// A violation's `key` is a key name or a schedule secret; map secrets that
// resolve to their key so blocks and warnings attach to the key.
std::string ViolationTarget(const Model& model, const std::string& name) {
  if (name.empty() || model.FindKey(name) != nullptr) return name;
  for (const Schedule& s : model.schedules) {
    if (s.secret == name && s.resolution.status == Resolution::Status::kResolved) {
      return model.keys[s.resolution.key].name;
    }
  }
  return name;
}

// One schedule, evaluated: its fires in the horizon, or why it cannot be.
struct ScheduleFires {
  const Schedule* schedule = nullptr;
  Zone zone = Zone::Utc();
  std::string description;
  std::vector<Fire> fires;  // at most kMaxRotationsPerSchedule
  size_t total = 0;         // fires in the horizon before the cut
};

struct Builder {
  const Model& model;
  const PlanOptions& options;
  RotationPlan plan;
  std::map<std::string, BlockedKey> blocked;

  void Block(const std::string& key, BlockReason reason) {
    BlockedKey& b = blocked[key];
    b.key = key;
    b.reasons.push_back(std::move(reason));
  }

  // The keys an emergency plan rotates (empty for a scheduled plan).
  std::set<std::string> EmergencyKeys() const {
    std::set<std::string> keys;
    if (options.emergency_key) keys.insert(*options.emergency_key);
    for (const Exposure& e : options.exposures) {
      if (!e.key.empty() && model.FindKey(e.key) != nullptr) keys.insert(e.key);
    }
    return keys;
  }

  void TakeViolations(const std::vector<Violation>& violations) {
    const bool emergency = options.emergency_key || options.leak_response;
    const std::set<std::string> emergency_keys = EmergencyKeys();
    for (const Violation& v : violations) {
      const std::string target = ViolationTarget(model, v.key);
      if (emergency && !emergency_keys.count(target)) continue;
      if (v.severity == Severity::kError && !emergency) {
        Block(target, {v.id, v.severity, v.message, v.hint, v.loc});
      } else if (v.severity != Severity::kNote) {
        // An emergency rotation goes ahead whatever policy says; errors become warnings.
        plan.warnings.push_back({v.id, target, v.message});
      }
    }
  }

  // Evaluates every resolved schedule; unparsable ones block their key.
  std::vector<ScheduleFires> EvaluateSchedules() {
    std::vector<ScheduleFires> out;
    for (const Schedule& s : model.schedules) {
      if (s.resolution.status != Resolution::Status::kResolved) continue;  // RK-INV-003 reports it
      const std::string& key = model.keys[s.resolution.key].name;
      ScheduleFires sf;
      sf.schedule = &s;
      if (s.timezone) {
        Result<Zone> zone = Zone::Load(*s.timezone);
        if (!zone) {
          Block(key, {"RK-PLAN-001", Severity::kError, "time zone " + *s.timezone + ": " + zone.error().message,
                      zone.error().hint, s.LocOf("timezone")});
          continue;
        }
        sf.zone = *zone;
      }
      const CronDialect dialect = s.dialect == ScheduleDialect::kAws ? CronDialect::kAws : CronDialect::kPosix;
      Result<CronExpr> expr = ParseCron(s.expression, dialect);
      if (!expr) {
        Block(key, {"RK-PLAN-001", Severity::kError, "schedule \"" + s.expression + "\": " + expr.error().message,
                    expr.error().hint, s.LocOf("schedule")});
        continue;
      }
      sf.description = expr->Describe();
      sf.fires = FiresBetween(*expr, sf.zone, options.from, options.from + options.horizon);
      sf.total = sf.fires.size();
      if (sf.fires.size() > kMaxRotationsPerSchedule) {
        plan.warnings.push_back({"RK-PLAN-007", key,
                                 "schedule \"" + s.expression + "\" fires " + std::to_string(sf.fires.size()) +
                                     " times in the horizon; the plan lists the first " +
                                     std::to_string(kMaxRotationsPerSchedule)});
        sf.fires.resize(kMaxRotationsPerSchedule);
      }
      if (sf.fires.empty()) {
        plan.warnings.push_back({"RK-PLAN-006", key,
                                 "schedule \"" + s.expression + "\" does not fire between " + options.from.ToRfc3339() +
                                     " and " + plan.until().ToRfc3339()});
      }
      out.push_back(std::move(sf));
    }
    return out;
  }

  void AddRotations(const ScheduleFires& sf, const KeyPlan& key) {
    bool first = true;
    for (const Fire& fire : sf.fires) {
      RotationInput in{fire.at, &sf.zone, sf.schedule->grace_period, sf.schedule->verify, false};
      Rotation r = MakeRotation(key, in, first, plan.warnings);
      r.schedule = sf.schedule->expression;
      r.description = sf.description;
      r.dst = DstName(fire.dst);
      if (fire.dst != Fire::Dst::kNone) {
        plan.warnings.push_back({"RK-PLAN-002", key.key,
                                 "rotation at " + fire.at.ToRfc3339() + " (" + r.fire_local + ") is " + r.dst + " in " +
                                     r.zone + ": a DST transition moved or merged the local fire time"});
      }
      plan.rotations.push_back(std::move(r));
      first = false;
    }
  }

  void Scheduled() {
    std::vector<ScheduleFires> schedules = EvaluateSchedules();
    std::set<int> planned;
    for (const ScheduleFires& sf : schedules) {
      const int index = sf.schedule->resolution.key;
      const std::string& name = model.keys[index].name;
      if (auto it = blocked.find(name); it != blocked.end()) {
        BlockedKey& b = it->second;
        for (const Fire& f : sf.fires) b.would_fire.push_back(f.at);
        b.would_fire_total += sf.total;
        continue;
      }
      planned.insert(index);
      AddRotations(sf, MakeKeyPlan(model.keys[index], model));
    }
    for (size_t i = 0; i < model.keys.size(); ++i) {
      if (planned.count(static_cast<int>(i)) || blocked.count(model.keys[i].name)) {
        plan.keys.push_back(MakeKeyPlan(model.keys[i], model));
      }
    }
  }

  void Emergency(const std::string& name) {
    const ApiKey* key = model.FindKey(name);
    if (key == nullptr) return;  // the CLI rejects unknown keys before planning
    plan.keys.push_back(MakeKeyPlan(*key, model));
    plan.keys.back().rollback.insert(plan.keys.back().rollback.begin(), kCompromisedRollbackNote);
    AddEmergencyRotation(plan.keys.back(), "immediate rotation of a compromised key");
  }

  // One rotation now; the key's own schedule still says how to confirm the new key is in use.
  void AddEmergencyRotation(const KeyPlan& key, const char* description) {
    std::optional<Verify> verify;
    for (const Schedule& s : model.schedules) {
      if (s.resolution.status == Resolution::Status::kResolved && model.keys[s.resolution.key].name == key.key) {
        verify = s.verify;
        break;
      }
    }
    const Zone utc = Zone::Utc();
    Rotation r = MakeRotation(key, {options.from, &utc, std::nullopt, verify, true}, true, plan.warnings);
    r.schedule = "emergency";
    r.description = description;
    r.priority = key.priority;
    plan.rotations.push_back(std::move(r));
  }

  // A leak response: every exposed key rotates now, most urgent first.
  void LeakResponse() {
    std::set<std::string> warned;
    for (const Exposure& e : options.exposures) {
      if (!e.ambiguous || e.key.empty() || !warned.insert(ExposureWhere(e)).second) continue;
      std::vector<std::string> candidates;
      for (const Exposure& other : options.exposures) {
        if (other.ambiguous && ExposureWhere(other) == ExposureWhere(e) && other.rule_id == e.rule_id) {
          candidates.push_back(other.key);
        }
      }
      plan.warnings.push_back({"RK-PLAN-008", e.key,
                               "the " + e.provider + " secret at " + ExposureWhere(e) + " could be any of " +
                                   Join(candidates, ", ") +
                                   ": each is rotated; declare services[].paths or keep the environment in the "
                                   "path to tell them apart"});
    }
    int priority = 0;
    for (const ExposedKey& exposed : RankExposedKeys(model, options.exposures)) {
      KeyPlan k = MakeKeyPlan(*exposed.key, model, exposed.exposures);
      k.priority = ++priority;
      k.priority_reason = PriorityReason(exposed);
      plan.keys.push_back(std::move(k));
      AddEmergencyRotation(plan.keys.back(), "immediate rotation of a leaked key");
    }
    plan.unmanaged = options.unmanaged;
  }

  void Finish() {
    for (auto& [name, b] : blocked) {
      std::sort(b.would_fire.begin(), b.would_fire.end());
      if (b.would_fire.size() > kMaxListedBlockedFires) b.would_fire.resize(kMaxListedBlockedFires);
      plan.blocked.push_back(std::move(b));
    }
    std::stable_sort(plan.rotations.begin(), plan.rotations.end(), [](const Rotation& a, const Rotation& b) {
      return std::tie(a.fire, a.priority, a.key, a.schedule) < std::tie(b.fire, b.priority, b.key, b.schedule);
    });
    std::stable_sort(plan.warnings.begin(), plan.warnings.end(), [](const PlanWarning& a, const PlanWarning& b) {
      return std::tie(a.key, a.id) < std::tie(b.key, b.id);
    });
  }
};

}  // namespace

RotationPlan BuildPlan(const Model& model, const std::vector<Violation>& violations, const PlanOptions& options) {
  Builder b{model, options, {}, {}};
  b.plan.from = options.from;
  b.plan.horizon = options.horizon;
  b.plan.tzdata_version = TzdataVersion();
  b.plan.emergency_key = options.emergency_key;
  b.plan.leak_response = options.leak_response;
  b.plan.findings_source = options.findings_source;
  b.plan.inputs = {model.files, Sha256Hex(NormalizeModel(model))};
  b.plan.in_progress = RotationsInProgress(model.audit);
  b.TakeViolations(violations);
  if (options.leak_response) {
    b.LeakResponse();
  } else if (options.emergency_key) {
    b.Emergency(*options.emergency_key);
  } else {
    b.Scheduled();
  }
  b.Finish();
  return std::move(b.plan);
}

}  // namespace rekey
