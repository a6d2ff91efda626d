// Writers for rotation plans (rekey/plan/plan.h): Markdown for a pull-request
// comment (summary line, legend, blocks, per-key blocks, a table sorted by
// time, a Mermaid gantt timeline), JSON modelled on `terraform show -json`
// (schema/plan.schema.json) and plain text. Every format embeds the plan
// marker (format, from, horizon, input hash, emergency key) that
// `rekey plan --check` reads back to regenerate the plan. No secret values.
//
// Thread-safety: pure functions; the same plan gives byte-identical text.
// Errors: none.
//
//   RotationPlan plan = BuildPlan(model, violations, options);
//   WriteOutput("PLAN.md", RenderPlanMarkdown(plan));
#ifndef REKEY_REPORT_PLAN_REPORT_H_
#define REKEY_REPORT_PLAN_REPORT_H_

#include <string>
#include <string_view>

#include "rekey/plan/plan.h"

namespace rekey {

std::string RenderPlanMarkdown(const RotationPlan& plan);
std::string RenderPlanJson(const RotationPlan& plan);
std::string RenderPlanText(const RotationPlan& plan);
// One of the three by name: "json", "text", anything else Markdown.
std::string RenderPlan(const RotationPlan& plan, std::string_view format);

// The Mermaid `gantt` source (without the ``` fence) used by the Markdown plan.
std::string RenderPlanGantt(const RotationPlan& plan);

// The one-line JSON object the Markdown and text plans carry after "rekey-plan: ":
// {"format":"markdown","format_version":"1.0","from":...,"horizon":"90d","inputs_sha256":...,"emergency":null}
std::string RenderPlanMarker(const RotationPlan& plan, std::string_view format);
inline constexpr char kPlanMarkerTag[] = "rekey-plan: ";

}  // namespace rekey

#endif  // REKEY_REPORT_PLAN_REPORT_H_
