// The Markdown plan for a pull-request comment: marker, summary line, legend,
// blocked keys, warnings, the rotations sorted by time, one block per key
// (steps of its first rotation, consumers, rollback) and the gantt timeline.
// Leak responses add the leaked keys by priority and the unmanaged keys, each
// provider with the inventory entry to add.
#include <string>

#include "rekey/base/text.h"
#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out.empty() ? "—" : out;
}

std::string Where(const SourceLoc& loc) {
  if (loc.path.empty()) return "";
  std::string s = loc.path;
  if (loc.line > 0) s += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
  return " (`" + s + "`)";
}

void Header(const RotationPlan& plan, std::string& out) {
  out += "<!-- " + std::string(kPlanMarkerTag) + RenderPlanMarker(plan, "markdown") + " -->\n";
  out += plan.leak_response   ? std::string("## EMERGENCY rotation plan: leaked keys\n\n")
         : plan.emergency_key ? "## EMERGENCY rotation plan: " + *plan.emergency_key + "\n\n"
                              : std::string("## Rotation plan\n\n");
  out += "**" + PlanSummaryLine(plan) + "**\n\n";
  std::vector<std::string> files;
  for (const std::string& f : plan.inputs.files) files.push_back("`" + f + "`");
  if (plan.leak_response) {
    files.push_back(plan.findings_source.empty() ? std::string("findings of this scan")
                                                 : "findings `" + plan.findings_source + "`");
  }
  out += (plan.emergency_key || plan.leak_response
              ? "Now " + plan.from.ToRfc3339()
              : "Window " + plan.from.ToRfc3339() + " → " + plan.until().ToRfc3339()) +
         " · tzdata " + plan.tzdata_version + " · inputs " + Join(files, ", ") + " (model sha256 `" +
         plan.inputs.model_sha256.substr(0, 16) + "`)\n\n";
  out += "Legend: `+` create · `~` store / wait / restart / verify / clean up · `-` revoke · `!` blocked\n\n";
}

std::string ExposureText(const Exposure& e) {
  return "`" + e.where.path + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column) + "` " +
         e.rule_id + " `" + e.secret_redacted + "`";
}

// Leak responses: the order to work in, and why.
void Priorities(const RotationPlan& plan, std::string& out) {
  out +=
      "> **EMERGENCY**: every key below was found hardcoded. Rotate each now, most urgent first; redeploy the "
      "services holding a copy before the revoke. Rolling back restores a compromised key.\n\n";
  if (plan.keys.empty()) {
    out += "No leaked key is in the inventory.\n\n";
    return;
  }
  out += "### Leaked keys by priority\n\n";
  out += "| # | Key | Why this rank | Found at | Restart first | Owner |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const KeyPlan& k : plan.keys) {
    std::vector<std::string> found;
    for (const Exposure& e : k.exposures) found.push_back(ExposureText(e) + (e.ambiguous ? " (ambiguous)" : ""));
    out += "| " + std::to_string(k.priority) + " | " + Cell(k.key) + " | " + Cell(k.priority_reason) + " | " +
           Cell(Join(found, "<br>")) + " | " + Cell(Join(k.restarts, ", ")) + " | " + Cell(k.owner) + " |\n";
  }
  out += "\n";
}

void Unmanaged(const RotationPlan& plan, std::string& out) {
  if (plan.unmanaged.empty()) return;
  out += "### Not in the inventory (unmanaged)\n\n";
  out +=
      "rekey cannot rotate these: no inventory key has their provider. Add each entry below (fill in the TODOs), "
      "rotate the key at the provider, then delete it from the files.\n\n";
  for (const UnmanagedProvider& u : plan.unmanaged) {
    out += "#### " + u.provider + "\n\n";
    for (const Exposure& e : u.exposures) out += "- " + ExposureText(e) + "\n";
    out += "\n```yaml\n" + u.stub + "```\n\n";
  }
}

// Rotations `rekey apply` has started and not finished (the journal).
void InProgress(const RotationPlan& plan, std::string& out) {
  if (plan.in_progress.empty()) return;
  out +=
      "### Rotations in progress\n\n| key | rotation | state | since | old key revocable from | new key | old key |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const InProgressRotation& r : plan.in_progress) {
    out += "| " + r.key + (r.emergency ? " (EMERGENCY)" : "") + " | `" + r.rotation_id + "` | " + r.state + " | " +
           r.since.ToRfc3339() + " | " + (r.not_before ? r.not_before->ToRfc3339() : "-") + " | " +
           (r.new_key_id.empty() ? "-" : "`" + r.new_key_id + "`") + " | " +
           (r.old_key_id.empty() ? "-" : "`" + r.old_key_id + "`") + " |\n";
  }
  out += "\n";
}

void Blocked(const RotationPlan& plan, std::string& out) {
  if (plan.blocked.empty()) return;
  out += "### Blocked\n\n";
  for (const BlockedKey& b : plan.blocked) {
    out += "- `!` **" + (b.key.empty() ? std::string("(model)") : b.key) + "**";
    if (!b.would_fire.empty()) {
      out += " — " + std::to_string(b.would_fire_total) + " rotation(s) not scheduled, first " +
             b.would_fire.front().ToRfc3339();
    }
    out += "\n";
    for (const BlockReason& r : b.reasons) {
      out += "  - " + std::string(SeverityName(r.severity)) + "[" + r.id + "]: " + r.message + Where(r.loc) + "\n";
      if (!r.hint.empty()) out += "    hint: " + r.hint + "\n";
    }
  }
  out += "\n";
}

void Warnings(const RotationPlan& plan, std::string& out) {
  if (plan.warnings.empty()) return;
  // Long lists fold (GitHub renders Markdown inside <details> after a blank line).
  constexpr size_t kFoldAbove = 5;
  const bool fold = plan.warnings.size() > kFoldAbove;
  out += "### Warnings\n\n";
  if (fold) out += "<details><summary>" + std::to_string(plan.warnings.size()) + " warnings</summary>\n\n";
  for (const PlanWarning& w : plan.warnings) {
    out += "- " + w.id + (w.key.empty() ? "" : " **" + w.key + "**") + ": " + w.message + "\n";
  }
  out += fold ? "\n</details>\n\n" : "\n";
}

void Table(const RotationPlan& plan, std::string& out) {
  if (plan.rotations.empty()) return;
  out += "### Rotations by time\n\n";
  out += "| # | Fire (UTC) | Local | Key | Schedule | Grace | Revoke old key = rollback until | Note |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  int n = 0;
  for (const Rotation& r : plan.rotations) {
    std::string note = r.emergency ? "**EMERGENCY**" : "";
    if (!r.dual_key) note += std::string(note.empty() ? "" : ", ") + "maintenance window";
    if (r.dst != "none") note += std::string(note.empty() ? "" : ", ") + "DST " + r.dst;
    out += "| " + std::to_string(++n) + " | " + r.fire.ToRfc3339() + " | " + Cell(r.fire_local) + " | " + Cell(r.key) +
           " | `" + Cell(r.schedule) + "` " + Cell(r.zone) + " | " + r.grace.ToString() + " | " +
           r.rollback_until.ToRfc3339() + " | " + Cell(note) + " |\n";
  }
  out += "\n";
}

void KeyBlock(const RotationPlan& plan, const KeyPlan& k, std::string& out) {
  std::vector<const Rotation*> rotations;
  for (const Rotation& r : plan.rotations) {
    if (r.key == k.key) rotations.push_back(&r);
  }
  out += "#### " + k.key + "\n\n";
  out += Cell(k.provider) + " · " + Cell(k.environment) + " · criticality " + Cell(k.criticality) + " · owner " +
         Cell(k.owner) + " · vault `" + Cell(k.vault_path) + "` · " +
         (k.dual_key ? std::string("dual-key")
                     : "maintenance window" + std::string(k.downtime_accepted ? " (downtime accepted)" : "")) +
         "\n\n";
  std::vector<std::string> consumers;
  for (const PlanConsumer& c : k.consumers) {
    consumers.push_back(c.service + " (" + c.reads_via +
                        (c.restart_required
                             ? ", " + (c.restart_how.empty() ? std::string("restart") : c.restart_how + " restart")
                             : ", refresh " + c.refresh.ToString() + ", " + c.refresh_source) +
                        ")");
  }
  out += "Consumers: " + (consumers.empty() ? std::string("none declared") : Join(consumers, "; ")) + "\n\n";
  if (k.priority > 0) {
    std::vector<std::string> found;
    for (const Exposure& e : k.exposures) {
      found.push_back(ExposureText(e) + (e.reason.empty() ? "" : " — " + e.reason));
    }
    out += "Priority " + std::to_string(k.priority) + " (" + k.priority_reason + "). Found hardcoded at:\n\n";
    for (const std::string& f : found) out += "- " + f + "\n";
    out += "\n";
  }
  if (rotations.empty()) {
    out += "No rotation planned: " +
           std::string(plan.emergency_key ? "not the emergency key" : "blocked (see Blocked above)") + ".\n\n";
  } else {
    const Rotation& first = *rotations.front();
    out += "Steps of the rotation at " + first.fire.ToRfc3339() +
           (first.fire_local.empty() ? "" : " (" + first.fire_local + ")");
    out += rotations.size() > 1 ? "; the other " + std::to_string(rotations.size() - 1) +
                                      " repeat them at their fire time (table above):\n\n"
                                : ":\n\n";
    out += "```diff\n";
    for (const PlanStep& s : first.steps) {
      out += std::string(1, s.symbol) + " " + s.at.ToRfc3339() + " " + s.action + ": " + s.detail + "\n";
    }
    out += "```\n\n";
  }
  out += "Rollback:\n\n";
  int n = 0;
  for (const std::string& step : k.rollback) out += std::to_string(++n) + ". " + step + "\n";
  out += "\n";
}

}  // namespace

std::string RenderPlanMarkdown(const RotationPlan& plan) {
  std::string out;
  Header(plan, out);
  if (plan.leak_response) {
    Priorities(plan, out);
    Unmanaged(plan, out);
  } else if (plan.emergency_key) {
    const KeyPlan* k = plan.FindKey(*plan.emergency_key);
    out += "> **EMERGENCY**: rotate now, wait only the slowest consumer refresh, restart " +
           (k && !k->restarts.empty() ? Join(k->restarts, ", ") : std::string("nothing")) + ", revoke. Owner: " +
           (k && !k->owner.empty() ? k->owner : std::string("not declared (add `owner:` to the inventory)")) + ".\n\n";
  }
  InProgress(plan, out);
  Blocked(plan, out);
  Warnings(plan, out);
  Table(plan, out);
  if (!plan.keys.empty()) out += "### Keys\n\n";
  for (const KeyPlan& k : plan.keys) KeyBlock(plan, k, out);
  out += "### Timeline\n\n```mermaid\n" + RenderPlanGantt(plan) + "```\n";
  return out;
}

}  // namespace rekey
