// RK-AGE-005: audit events name keys the inventory does not have.
#include <set>

#include "policy/checks/audit_util.h"
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  std::set<std::string> seen;
  for (const AuditEvent* e : HistoryOf(ctx.model()).unknown) {
    if (!seen.insert(e->secret).second) continue;
    const Resolution r = ResolveSecretRef(ctx.model(), e->secret);
    ctx.Report(nullptr, e->loc, e->secret,
               "audit event names " + Quote(e->secret) + ", which is " +
                   (r.status == Resolution::Status::kAmbiguous ? "ambiguous (" + Join(r.candidates, ", ") + ")"
                                                               : std::string("not in the inventory")),
               r.suggestion ? "did you mean " + Quote(*r.suggestion) + "?"
                            : "add the key to the inventory, or fix the rotation job's secret name");
  }
}

}  // namespace

extern const Check kCheckAge005 = {
    "RK-AGE-005",
    Severity::kError,
    "Audit events name inventory keys",
    "Rotations of keys the inventory does not know are unmanaged: no policy, no plan, no owner.",
    "Bring the key into the inventory or correct the event's secret.",
    "",
    Run};

}  // namespace rekey
