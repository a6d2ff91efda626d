// The JSON plan (schema/plan.schema.json), modelled on `terraform show -json`:
// format_version first, then the inputs, the window, and one object per
// rotation with its actions and steps. Also the plan marker other formats embed.
// Leak responses (plan --from-findings, scan --plan) add from_findings,
// unmanaged, and per key its priority and where it was found.
#include <nlohmann/json.hpp>

#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json DurationJson(Duration d) { return Json{{"text", d.ToString()}, {"seconds", d.seconds()}}; }

Json ExposureJson(const Exposure& e) {
  return Json{{"path", e.where.path},         {"line", e.where.line},
              {"column", e.where.column},     {"rule_id", e.rule_id},
              {"severity", e.severity},       {"secret_redacted", e.secret_redacted},
              {"fingerprint", e.fingerprint}, {"commit", OrNull(e.commit)},
              {"services", e.services},       {"environment", OrNull(e.environment)},
              {"ambiguous", e.ambiguous},     {"reason", e.reason}};
}

Json KeyJson(const KeyPlan& k, bool leak_response) {
  Json j;
  j["name"] = k.key;
  j["provider"] = OrNull(k.provider);
  j["environment"] = OrNull(k.environment);
  j["owner"] = OrNull(k.owner);
  j["criticality"] = OrNull(k.criticality);
  j["vault_path"] = OrNull(k.vault_path);
  j["provider_api"] = OrNull(k.provider_api);
  j["mode"] = k.dual_key ? "dual-key" : "maintenance-window";
  j["downtime_accepted"] = k.downtime_accepted;
  j["consumers"] = Json::array();
  for (const PlanConsumer& c : k.consumers) {
    j["consumers"].push_back({{"service", c.service},
                              {"reads_via", c.reads_via},
                              {"refresh", c.restart_required ? Json(nullptr) : DurationJson(c.refresh)},
                              {"refresh_source", c.refresh_source},
                              {"restart_required", c.restart_required},
                              {"restart", OrNull(c.restart_how)}});
  }
  j["slowest_consumer"] = OrNull(k.slowest_consumer);
  j["slowest_refresh"] = DurationJson(k.slowest_refresh);
  j["restarts"] = k.restarts;
  j["rollback"] = k.rollback;
  if (leak_response) {
    j["priority"] = k.priority;
    j["priority_reason"] = k.priority_reason;
    j["leak_holders"] = k.leak_holders;
    j["exposures"] = Json::array();
    for (const Exposure& e : k.exposures) j["exposures"].push_back(ExposureJson(e));
  }
  return j;
}

Json RotationJson(const Rotation& r) {
  Json j;
  j["key"] = r.key;
  j["emergency"] = r.emergency;
  j["actions"] = r.dual_key ? Json{"create", "delete"} : Json{"delete", "create"};
  j["mode"] = r.dual_key ? "dual-key" : "maintenance-window";
  j["schedule"] = r.schedule;
  j["description"] = r.description;
  j["timezone"] = r.zone;
  j["fire"] = r.fire.ToRfc3339();
  j["fire_local"] = OrNull(r.fire_local);
  j["dst"] = r.dst;
  j["grace"] = DurationJson(r.grace);
  j["grace_reason"] = r.grace_reason;
  j["rollback_until"] = r.rollback_until.ToRfc3339();
  j["steps"] = Json::array();
  for (const PlanStep& s : r.steps) {
    j["steps"].push_back({{"symbol", std::string(1, s.symbol)},
                          {"action", s.action},
                          {"at", s.at.ToRfc3339()},
                          {"local", OrNull(s.local)},
                          {"detail", s.detail}});
  }
  return j;
}

Json BlockedJson(const BlockedKey& b) {
  Json j;
  j["key"] = b.key;
  j["reasons"] = Json::array();
  for (const BlockReason& r : b.reasons) {
    j["reasons"].push_back({{"id", r.id},
                            {"severity", SeverityName(r.severity)},
                            {"message", r.message},
                            {"hint", r.hint},
                            {"location", {{"path", r.loc.path}, {"line", r.loc.line}, {"column", r.loc.column}}}});
  }
  j["would_fire"] = Json::array();
  for (Timestamp t : b.would_fire) j["would_fire"].push_back(t.ToRfc3339());
  j["would_fire_total"] = b.would_fire_total;
  return j;
}

}  // namespace

std::string RenderPlanMarker(const RotationPlan& plan, std::string_view format) {
  Json j;
  j["format"] = format;
  j["format_version"] = plan.format_version;
  j["from"] = plan.from.ToRfc3339();
  j["horizon"] = plan.horizon.ToString();
  j["inputs_sha256"] = plan.inputs.model_sha256;
  j["emergency"] = plan.emergency_key ? Json(*plan.emergency_key) : Json(nullptr);
  if (plan.leak_response) j["from_findings"] = OrNull(plan.findings_source);
  return j.dump();
}

std::string RenderPlanJson(const RotationPlan& plan) {
  Json root;
  root["format_version"] = plan.format_version;
  root["kind"] = plan.emergency_key || plan.leak_response ? "emergency" : "scheduled";
  root["emergency_key"] = plan.emergency_key ? Json(*plan.emergency_key) : Json(nullptr);
  if (plan.leak_response) root["from_findings"] = OrNull(plan.findings_source);
  root["from"] = plan.from.ToRfc3339();
  root["horizon"] = plan.horizon.ToString();
  root["until"] = plan.until().ToRfc3339();
  root["tzdata_version"] = plan.tzdata_version;
  root["inputs"] = {{"files", plan.inputs.files}, {"model_sha256", plan.inputs.model_sha256}};
  root["summary"] = {{"line", PlanSummaryLine(plan)},
                     {"rotations", plan.rotations.size()},
                     {"keys", plan.RotatedKeyCount()},
                     {"blocked", plan.blocked.size()},
                     {"warnings", plan.warnings.size()}};
  root["keys"] = Json::array();
  for (const KeyPlan& k : plan.keys) root["keys"].push_back(KeyJson(k, plan.leak_response));
  root["rotations"] = Json::array();
  for (const Rotation& r : plan.rotations) root["rotations"].push_back(RotationJson(r));
  root["blocked"] = Json::array();
  for (const BlockedKey& b : plan.blocked) root["blocked"].push_back(BlockedJson(b));
  root["warnings"] = Json::array();
  for (const PlanWarning& w : plan.warnings) {
    root["warnings"].push_back({{"id", w.id}, {"key", w.key}, {"message", w.message}});
  }
  if (!plan.in_progress.empty()) {
    root["in_progress"] = Json::array();
    for (const InProgressRotation& r : plan.in_progress) {
      root["in_progress"].push_back({{"key", r.key},
                                     {"rotation_id", r.rotation_id},
                                     {"state", r.state},
                                     {"since", r.since.ToRfc3339()},
                                     {"not_before", r.not_before ? Json(r.not_before->ToRfc3339()) : Json(nullptr)},
                                     {"new_key_id", OrNull(r.new_key_id)},
                                     {"old_key_id", OrNull(r.old_key_id)},
                                     {"emergency", r.emergency}});
    }
  }
  if (plan.leak_response) {
    root["unmanaged"] = Json::array();
    for (const UnmanagedProvider& u : plan.unmanaged) {
      Json exposures = Json::array();
      for (const Exposure& e : u.exposures) exposures.push_back(ExposureJson(e));
      root["unmanaged"].push_back({{"provider", u.provider}, {"exposures", std::move(exposures)}, {"stub", u.stub}});
    }
  }
  return root.dump(2) + "\n";
}

}  // namespace rekey
