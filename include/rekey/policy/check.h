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

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"
#include "rekey/policy/exposure.h"
#include "rekey/policy/policy.h"

namespace rekey {

// A policy finding about the model (not an input error: see Diagnostic).
struct Violation {
  std::string id;  // e.g. RK-INV-003
  Severity severity = Severity::kError;
  std::string key;      // the inventory key (or schedule secret) concerned; may be empty
  std::string message;  // names the key and the numbers
  std::string hint;     // how to fix it
  SourceLoc loc;        // the offending field
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

// Finds credentials pasted into inventory fields. Implemented above the policy
// module (with the scanner's detection rules) and handed in; may be absent.
class SecretDetector {
 public:
  virtual ~SecretDetector() = default;
  // The id of a detection rule that matches `value`, or nullopt.
  virtual std::optional<std::string> Detect(std::string_view value) const = 0;
};

struct EvaluateOptions {
  const SecretDetector* detector = nullptr;
  // Keys found hardcoded (`rekey check --scan`), linked to the inventory: RK-INV-007/008.
  std::span<const Exposure> exposures;
  // The provider catalog's documented facts: RK-DK-004/005, RK-SCH-009. Empty = none known.
  std::span<const ProviderFacts> providers;
  Duration cadence_horizon = Duration::Days(1461);  // >= 4 years: leap days, 31st-of-month
  Duration upcoming_horizon = Duration::Days(366);  // fires checked against windows and blackouts
  Duration herd_horizon = Duration::Days(92);       // fires checked for herds and per-day limits (a quarter)
};

struct ModelFacts;  // derived once per evaluation: parsed crons, zones, cadences (src/policy/facts.h)

// What a check sees, and where it reports.
class CheckContext {
 public:
  CheckContext(const Check& check, const Model& model, const Policy& policy, Timestamp now, const ModelFacts& facts,
               const EvaluateOptions& options, std::vector<Violation>& out)
      : check_(check), model_(model), policy_(policy), now_(now), facts_(facts), options_(options), out_(out) {}

  const Model& model() const { return model_; }
  const Policy& policy() const { return policy_; }
  const ModelFacts& facts() const { return facts_; }
  const EvaluateOptions& options() const { return options_; }
  Timestamp now() const { return now_; }

  // Thresholds for `key` (its criticality/environment overrides first); `fallback`
  // when the policy does not set them.
  double Number(std::string_view name, const ApiKey* key, double fallback) const;
  Duration DurationOf(std::string_view name, const ApiKey* key, Duration fallback) const;
  bool Flag(std::string_view name, const ApiKey* key, bool fallback) const;

  // Records a violation with this check's id and the policy's severity for the
  // key (nullptr = no per-key overrides); dropped when the check is disabled for it.
  void Report(const ApiKey* key, const SourceLoc& loc, std::string subject, std::string message, std::string hint);
  // Same, at an explicit severity (checks with an escalation threshold).
  void ReportAt(Severity severity, const ApiKey* key, const SourceLoc& loc, std::string subject, std::string message,
                std::string hint);

 private:
  const Check& check_;
  const Model& model_;
  const Policy& policy_;
  Timestamp now_;
  const ModelFacts& facts_;
  const EvaluateOptions& options_;
  std::vector<Violation>& out_;
  // What the policy says of this check for each subject seen so far: keys
  // share a few (criticality, environment) pairs, and a check may report
  // 20,000 violations.
  struct Verdict {
    std::optional<Criticality> criticality;
    std::string environment;
    bool enabled;
    Severity severity;
  };
  std::vector<Verdict> verdicts_;
  const Verdict& VerdictFor(const ApiKey* key);
};

std::span<const Check* const> AllChecks();
const Check* FindCheck(std::string_view id);

// Runs every enabled check, then applies the model's rekey:ignore suppressions
// (RK-SUP-*). Violations sorted by path, line, column, id.
std::vector<Violation> Evaluate(const Model& model, const Policy& policy, Timestamp now,
                                const EvaluateOptions& options = {});

PolicySubject SubjectOf(const ApiKey* key);

}  // namespace rekey

#endif  // REKEY_POLICY_CHECK_H_
