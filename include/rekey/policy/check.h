// The policy-check catalogue: each check is one small file under
// src/policy/checks/ defining a `Check` (stable id, default severity, title,
// rationale, fix, thresholds it reads) and a pure function that reports
// Violations for the model. Adding a check = one file + one line in
// src/policy/checks/registry.cc.
//
// Thread-safety: checks are pure functions of (model, policy, now).
//
//   for (const Check* check : AllChecks()) std::cout << check->id << "\n";
//   std::vector<Violation> v = Evaluate(model, policy, clock.Now());
#ifndef REKEY_POLICY_CHECK_H_
#define REKEY_POLICY_CHECK_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"
#include "rekey/policy/policy.h"

namespace rekey {

// A policy finding about the model (not an input error: see Diagnostic).
struct Violation {
  std::string id;        // e.g. RK-INV-003
  Severity severity = Severity::kError;
  std::string key;       // the inventory key (or schedule secret) concerned; may be empty
  std::string message;   // names the key and the numbers
  std::string hint;      // how to fix it
  SourceLoc loc;         // the offending field
};

class CheckContext;
using CheckFn = void (*)(CheckContext& ctx);

struct Check {
  const char* id;
  Severity default_severity;
  const char* title;      // one line
  const char* rationale;  // why it matters (rekey explain)
  const char* fix;        // how to fix it (rekey explain)
  const char* params;     // comma-separated threshold names a policy may set ("" = none)
  CheckFn run;
};

// What a check sees, and where it reports.
class CheckContext {
 public:
  CheckContext(const Check& check, const Model& model, const Policy& policy, Timestamp now,
               std::vector<Violation>& out)
      : check_(check), model_(model), policy_(policy), now_(now), out_(out) {}

  const Model& model() const { return model_; }
  const Policy& policy() const { return policy_; }
  Timestamp now() const { return now_; }
  std::optional<double> NumberParam(std::string_view name) const { return policy_.NumberParam(check_.id, name); }
  std::optional<Duration> DurationParam(std::string_view name) const {
    return policy_.DurationParam(check_.id, name);
  }

  // Records a violation with this check's id and the policy's severity for it.
  void Report(const SourceLoc& loc, std::string key, std::string message, std::string hint);

 private:
  const Check& check_;
  const Model& model_;
  const Policy& policy_;
  Timestamp now_;
  std::vector<Violation>& out_;
};

std::span<const Check* const> AllChecks();
const Check* FindCheck(std::string_view id);

// Runs every enabled check; violations sorted by path, line, column, id.
std::vector<Violation> Evaluate(const Model& model, const Policy& policy, Timestamp now);

}  // namespace rekey

#endif  // REKEY_POLICY_CHECK_H_
