// The Mermaid gantt timeline of a plan: one section per key, one bar per
// rotation spanning its grace (create .. revoke), blocked keys as critical
// milestones at the start of the window. Mermaid task text may not hold
// ':' '#' or ';', so names are sanitised.
#include <map>
#include <string>
#include <vector>

#include "rekey/report/plan_report.h"

namespace rekey {
namespace {

std::string MermaidText(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == ':' || c == '#' || c == ';' || c == '\n') ? '-' : c;
  return out;
}

// "2026-12-01 02:00" (dateFormat YYYY-MM-DD HH:mm); rotations fire on whole minutes.
std::string GanttTime(Timestamp t) {
  const CivilTime c = CivilFromUnixSeconds(t.unix_seconds());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
  return buf;
}

// Mermaid durations: whole minutes ("90m") keep every grace exact.
std::string GanttDuration(Duration d) {
  const int64_t minutes = d.seconds() / 60;
  return std::to_string(minutes > 0 ? minutes : 1) + "m";
}

}  // namespace

std::string RenderPlanGantt(const RotationPlan& plan) {
  std::string out = "gantt\n";
  out += plan.emergency_key || plan.leak_response
             ? "    title EMERGENCY rotation from " + plan.from.ToRfc3339() + "\n"
             : "    title Rotations " + FormatPlanInstant(plan.from) + " + " + plan.horizon.ToString() + " (UTC)\n";
  out += "    dateFormat YYYY-MM-DD HH:mm\n";
  out += "    axisFormat %m-%d\n";
  out += "    todayMarker off\n";
  // Sections in the order keys first rotate; bars in time order within a key.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Rotation*>> by_key;
  for (const Rotation& r : plan.rotations) {
    if (by_key[r.key].empty()) order.push_back(r.key);
    by_key[r.key].push_back(&r);
  }
  int id = 0;
  for (const std::string& key : order) {
    out += "    section " + MermaidText(key) + "\n";
    for (const Rotation* r : by_key[key]) {
      const CivilTime c = CivilFromUnixSeconds(r->fire.unix_seconds());
      char day[8];
      std::snprintf(day, sizeof day, "%02d-%02d", c.month, c.day);
      std::string name = r->emergency ? "EMERGENCY rotate" : std::string("rotate ") + day;
      if (!r->dual_key) name += " (maintenance)";
      if (r->dst != "none") name += " (DST)";
      const std::string tags = (r->emergency || !r->dual_key) ? "crit, " : "";
      out += "    " + name + " :" + tags + "r" + std::to_string(++id) + ", " + GanttTime(r->fire) + ", " +
             GanttDuration(r->grace) + "\n";
    }
  }
  if (!plan.blocked.empty()) {
    out += "    section blocked\n";
    for (const BlockedKey& b : plan.blocked) {
      out += "    " + MermaidText(b.key.empty() ? "model" : b.key) + " blocked :crit, milestone, b" +
             std::to_string(++id) + ", " + GanttTime(plan.from) + ", 0m\n";
    }
  }
  return out;
}

}  // namespace rekey
