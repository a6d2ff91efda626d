// Policy: which checks run, at which severity, with which thresholds. The
// built-in policies/default.yaml is embedded in the binary; a user policy file
// extends it (only what it sets changes). Unknown check ids or fields are
// diagnostics with "did you mean".
//
// Thread-safety: an immutable value once loaded.
//
//   Diagnostics diags;
//   Policy policy = LoadPolicy("my-policy.yaml", diags);   // "" = default only
//   if (policy.Enabled("RK-INV-002")) ...
#ifndef REKEY_POLICY_POLICY_H_
#define REKEY_POLICY_POLICY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"

namespace rekey {

using ParamMap = std::map<std::string, std::string, std::less<>>;  // threshold name -> value as written

// Settings that apply to keys of one criticality or one environment only.
struct CheckOverride {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  ParamMap params;
};

struct CheckSettings {
  bool enabled = true;
  Severity severity = Severity::kError;
  ParamMap params;
  // Keyed by criticality (critical|high|medium|low) / environment name as written
  // in the inventory (compared ignoring case and punctuation). Environment wins.
  std::map<std::string, CheckOverride, std::less<>> by_criticality;
  std::map<std::string, CheckOverride, std::less<>> by_environment;
  SourceLoc loc;  // where the policy set it (for diagnostics)
};

// What a per-key lookup is about: the key's criticality and environment, if known.
struct PolicySubject {
  std::string criticality;  // "" = unknown
  std::string environment;
};

class Policy {
 public:
  bool Enabled(std::string_view check_id, const PolicySubject& subject = {}) const;
  Severity SeverityOf(std::string_view check_id, const PolicySubject& subject = {}) const;
  const CheckSettings* Find(std::string_view check_id) const;
  // A threshold as written in the policy (overrides for the subject first), or nullopt.
  std::optional<std::string> Param(std::string_view check_id, std::string_view name,
                                   const PolicySubject& subject = {}) const;
  std::optional<double> NumberParam(std::string_view check_id, std::string_view name,
                                    const PolicySubject& subject = {}) const;
  std::optional<Duration> DurationParam(std::string_view check_id, std::string_view name,
                                        const PolicySubject& subject = {}) const;

  const std::map<std::string, CheckSettings, std::less<>>& checks() const { return checks_; }
  std::map<std::string, CheckSettings, std::less<>>& mutable_checks() { return checks_; }
  const std::string& source() const { return source_; }
  void set_source(std::string source) { source_ = std::move(source); }

 private:
  std::map<std::string, CheckSettings, std::less<>> checks_;
  std::string source_ = "built-in default";
};

// The embedded default policy.
Policy DefaultPolicy();
// The default extended by `path` ("" = just the default). Problems go to diags.
Policy LoadPolicy(const std::string& path, Diagnostics& diags);
// The text of an embedded policy ("default", "strict"), or nullptr.
const char* EmbeddedPolicyText(std::string_view name);

}  // namespace rekey

#endif  // REKEY_POLICY_POLICY_H_
