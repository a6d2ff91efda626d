// The plain-text plan for terminals and logs: marker, summary, blocked keys,
// warnings, then every rotation in time order with all its steps, then each
// key's rollback procedure. Leak responses list the leaked keys by priority
// and the unmanaged keys with their inventory stubs first.
#include <string>

#include "rekey/base/text.h"
#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

void Problems(const RotationPlan& plan, std::string& out) {
  if (!plan.in_progress.empty()) out += "\nIn progress (rekey apply):\n";
  for (const InProgressRotation& r : plan.in_progress) {
    out += "  ~ " + r.key + " " + r.rotation_id + " " + r.state + " since " + r.since.ToRfc3339() +
           (r.not_before ? ", old key revocable from " + r.not_before->ToRfc3339() : "") + "\n";
  }
  if (!plan.blocked.empty()) out += "\nBlocked:\n";
  for (const BlockedKey& b : plan.blocked) {
    out += "  ! " + (b.key.empty() ? std::string("(model)") : b.key) + "\n";
    for (const BlockReason& r : b.reasons) {
      std::string where = r.loc.path;
      if (r.loc.line > 0) where += ":" + std::to_string(r.loc.line) + ":" + std::to_string(r.loc.column);
      out += "      " + (where.empty() ? "" : where + ": ") + std::string(SeverityName(r.severity)) + "[" + r.id +
             "]: " + r.message + "\n";
      if (!r.hint.empty()) out += "        hint: " + r.hint + "\n";
    }
    for (Timestamp t : b.would_fire) out += "      would rotate at " + t.ToRfc3339() + "\n";
    if (b.would_fire_total > b.would_fire.size()) {
      out += "      ... and " + std::to_string(b.would_fire_total - b.would_fire.size()) + " more\n";
    }
  }
  if (!plan.warnings.empty()) out += "\nWarnings:\n";
  for (const PlanWarning& w : plan.warnings) {
    out += "  " + w.id + " " + (w.key.empty() ? "" : w.key + ": ") + w.message + "\n";
  }
}

std::string Where(const Exposure& e) {
  return e.where.path + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column);
}

void Leaks(const RotationPlan& plan, std::string& out) {
  if (!plan.leak_response) return;
  out += "\nLeaked keys by priority (rotate each now; rolling back restores a compromised key):\n";
  if (plan.keys.empty()) out += "  none of them is in the inventory\n";
  for (const KeyPlan& k : plan.keys) {
    out += "  " + std::to_string(k.priority) + ". " + k.key + ": " + k.priority_reason + "\n";
    for (const Exposure& e : k.exposures) {
      out += "       found at " + Where(e) + " (" + e.rule_id + ", " + e.secret_redacted + ")" +
             (e.ambiguous ? " ambiguous" : "") + "\n";
    }
    if (!k.restarts.empty()) out += "       restart first: " + Join(k.restarts, ", ") + "\n";
  }
  if (plan.unmanaged.empty()) return;
  out += "\nUnmanaged (no inventory key has their provider; add the entry, rotate, delete the copies):\n";
  for (const UnmanagedProvider& u : plan.unmanaged) {
    out += "\n  " + u.provider + "\n";
    for (const Exposure& e : u.exposures)
      out += "    " + Where(e) + " (" + e.rule_id + ", " + e.secret_redacted + ")\n";
    size_t start = 0;
    while (start < u.stub.size()) {
      const size_t end = u.stub.find('\n', start);
      out += "      " + u.stub.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
}

void Rotations(const RotationPlan& plan, std::string& out) {
  if (!plan.rotations.empty()) out += "\nRotations:\n";
  for (const Rotation& r : plan.rotations) {
    out += "\n" + std::string(r.emergency ? "EMERGENCY " : "") + r.fire.ToRfc3339() + "  " + r.key + "  " + r.schedule +
           " (" + r.description + ", " + r.zone + ")";
    if (!r.fire_local.empty()) out += "  local " + r.fire_local;
    if (r.dst != "none") out += "  DST " + r.dst;
    out += "\n  " + std::string(r.dual_key ? "dual-key" : "maintenance window") + ", grace " + r.grace.ToString() +
           ", rollback until " + r.rollback_until.ToRfc3339() + "\n";
    for (const PlanStep& s : r.steps) {
      out += "  " + std::string(1, s.symbol) + " " + s.at.ToRfc3339() + " " + s.action + ": " + s.detail;
      if (!s.local.empty()) out += " [" + s.local + "]";
      out += "\n";
    }
  }
}

void Keys(const RotationPlan& plan, std::string& out) {
  if (!plan.keys.empty()) out += "\nKeys:\n";
  for (const KeyPlan& k : plan.keys) {
    out += "\n  " + k.key + " (owner " + (k.owner.empty() ? std::string("not declared") : k.owner) + ", " +
           (k.dual_key ? "dual-key" : "maintenance window") + ")\n";
    for (const PlanConsumer& c : k.consumers) {
      out += "    consumer " + c.service + ": " + c.reads_via +
             (c.restart_required ? ", " + (c.restart_how.empty() ? std::string("restart") : c.restart_how + " restart")
                                 : ", refresh " + c.refresh.ToString() + " (" + c.refresh_source + ")") +
             "\n";
    }
    int n = 0;
    for (const std::string& step : k.rollback) out += "    rollback " + std::to_string(++n) + ". " + step + "\n";
  }
}

}  // namespace

std::string RenderPlanText(const RotationPlan& plan) {
  std::string out = std::string(kPlanMarkerTag) + RenderPlanMarker(plan, "text") + "\n";
  out += PlanSummaryLine(plan) + "\n";
  out += (plan.emergency_key || plan.leak_response
              ? "Now " + plan.from.ToRfc3339()
              : "Window " + plan.from.ToRfc3339() + " .. " + plan.until().ToRfc3339()) +
         ", tzdata " + plan.tzdata_version + ", inputs " + Join(plan.inputs.files, ", ") + " (model sha256 " +
         plan.inputs.model_sha256 + ")\n";
  out += "Legend: + create, ~ store/wait/restart/verify/clean up, - revoke, ! blocked\n";
  Leaks(plan, out);
  Problems(plan, out);
  Rotations(plan, out);
  Keys(plan, out);
  return out;
}

std::string RenderPlan(const RotationPlan& plan, std::string_view format) {
  if (format == "json") return RenderPlanJson(plan);
  if (format == "text") return RenderPlanText(plan);
  return RenderPlanMarkdown(plan);
}

}  // namespace rekey
