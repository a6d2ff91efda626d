#include <algorithm>
#include <tuple>

#include "rekey/policy/check.h"

namespace rekey {

void CheckContext::Report(const SourceLoc& loc, std::string key, std::string message, std::string hint) {
  out_.push_back({check_.id, policy_.SeverityOf(check_.id), std::move(key), std::move(message), std::move(hint), loc});
}

const Check* FindCheck(std::string_view id) {
  for (const Check* c : AllChecks()) {
    if (id == c->id) return c;
  }
  return nullptr;
}

std::vector<Violation> Evaluate(const Model& model, const Policy& policy, Timestamp now) {
  std::vector<Violation> out;
  for (const Check* check : AllChecks()) {
    if (!policy.Enabled(check->id)) continue;
    CheckContext ctx(*check, model, policy, now, out);
    check->run(ctx);
  }
  std::stable_sort(out.begin(), out.end(), [](const Violation& a, const Violation& b) {
    return std::tie(a.loc.path, a.loc.line, a.loc.column, a.id) <
           std::tie(b.loc.path, b.loc.line, b.loc.column, b.id);
  });
  return out;
}

}  // namespace rekey
