#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "policy/facts.h"
#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {

PolicySubject SubjectOf(const ApiKey* key) {
  PolicySubject subject;
  if (key == nullptr) return subject;
  if (key->criticality) subject.criticality = std::string(CriticalityName(*key->criticality));
  if (key->environment) subject.environment = *key->environment;
  return subject;
}

double CheckContext::Number(std::string_view name, const ApiKey* key, double fallback) const {
  return policy_.NumberParam(check_.id, name, SubjectOf(key)).value_or(fallback);
}

Duration CheckContext::DurationOf(std::string_view name, const ApiKey* key, Duration fallback) const {
  return policy_.DurationParam(check_.id, name, SubjectOf(key)).value_or(fallback);
}

bool CheckContext::Flag(std::string_view name, const ApiKey* key, bool fallback) const {
  std::optional<std::string> text = policy_.Param(check_.id, name, SubjectOf(key));
  if (!text) return fallback;
  return NormalizeName(*text) == "true";
}

const CheckContext::Verdict& CheckContext::VerdictFor(const ApiKey* key) {
  static const std::string kNone;
  const std::optional<Criticality> criticality = key ? key->criticality : std::nullopt;
  const std::string& environment = key && key->environment ? *key->environment : kNone;
  for (const Verdict& v : verdicts_) {
    if (v.criticality == criticality && v.environment == environment) return v;
  }
  const PolicySubject subject = SubjectOf(key);
  verdicts_.push_back(
      {criticality, environment, policy_.Enabled(check_.id, subject), policy_.SeverityOf(check_.id, subject)});
  return verdicts_.back();
}

void CheckContext::Report(const ApiKey* key, const SourceLoc& loc, std::string subject, std::string message,
                          std::string hint) {
  const Verdict& verdict = VerdictFor(key);
  if (!verdict.enabled) return;
  out_.push_back({check_.id, verdict.severity, std::move(subject), std::move(message), std::move(hint), loc});
}

void CheckContext::ReportAt(Severity severity, const ApiKey* key, const SourceLoc& loc, std::string subject,
                            std::string message, std::string hint) {
  if (!VerdictFor(key).enabled) return;
  out_.push_back({check_.id, severity, std::move(subject), std::move(message), std::move(hint), loc});
}

const Check* FindCheck(std::string_view id) {
  for (const Check* c : AllChecks()) {
    if (id == c->id) return c;
  }
  return nullptr;
}

namespace {

bool Covers(const Suppression& s, const Violation& v) {
  if (v.loc.path == s.loc.path && v.loc.line >= s.first_line && v.loc.line <= s.last_line) return true;
  return !s.record.empty() && v.key == s.record;
}

// Drops suppressed violations (sets them to nullptr) and returns what the
// suppressions themselves violate: invalid, expired (RK-SUP-001/002: they
// then suppress nothing) or unused (RK-SUP-003).
std::vector<Violation> ApplySuppressions(const Model& model, const Policy& policy, Timestamp now,
                                         std::vector<Violation*>& all) {
  std::vector<Violation> meta;
  if (model.suppressions.empty()) return meta;
  // Violations by check id: a suppression looks only at the checks it names.
  std::unordered_map<std::string_view, std::vector<size_t>> by_id;
  for (size_t i = 0; i < all.size(); ++i) by_id[all[i]->id].push_back(i);
  std::vector<bool> dropped(all.size(), false);
  for (const Suppression& s : model.suppressions) {
    const std::string what = "rekey:ignore " + Join(s.ids, ",");
    if (s.reason.empty()) {
      meta.push_back({"RK-SUP-001", policy.SeverityOf("RK-SUP-001"), s.record, what + " has no reason",
                      "add reason=\"why this is acceptable\" (and until=YYYY-MM-DD)", s.loc});
      continue;
    }
    if (s.until && *s.until < now) {
      meta.push_back({"RK-SUP-002", policy.SeverityOf("RK-SUP-002"), s.record,
                      what + " expired on " + s.until->ToDate() + " (reason: " + s.reason + ")",
                      "fix the violation, or renew the suppression with a new until= date", s.loc});
      continue;
    }
    bool used = false;
    for (const std::string& id : s.ids) {
      auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      for (size_t i : it->second) {
        if (Covers(s, *all[i])) dropped[i] = used = true;
      }
    }
    if (!used) {
      meta.push_back({"RK-SUP-003", policy.SeverityOf("RK-SUP-003"), s.record,
                      what + " suppresses nothing" + (s.record.empty() ? "" : " on " + Quote(s.record)),
                      "remove the comment: the violation it silenced is gone", s.loc});
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (dropped[i]) all[i] = nullptr;
  }
  return meta;
}

// The rank of each violation's `field` among the distinct values, in string order.
template <typename Field>
std::vector<uint32_t> RankStrings(const std::vector<Violation*>& all, Field field) {
  std::vector<std::string_view> distinct;
  std::unordered_map<std::string_view, uint32_t> rank;
  for (const Violation* v : all) {
    if (rank.emplace(field(*v), 0).second) distinct.push_back(field(*v));
  }
  std::sort(distinct.begin(), distinct.end());
  for (size_t i = 0; i < distinct.size(); ++i) rank[distinct[i]] = static_cast<uint32_t>(i);
  std::vector<uint32_t> out(all.size());
  for (size_t i = 0; i < all.size(); ++i) out[i] = rank.find(field(*all[i]))->second;
  return out;
}

// Checks that look at every upcoming rotation of every consumer take most of
// an evaluation's time: they start first, so the cores finish together.
bool StartsFirst(const Check& check) { return std::string_view(check.id) == "RK-SCH-007"; }

}  // namespace

std::vector<Violation> Evaluate(const Model& model, const Policy& policy, Timestamp now,
                                const EvaluateOptions& options) {
  const ModelFacts facts = BuildFacts(model, now, options);
  // Checks are pure and independent: run them on every core, each into its
  // own list; the lists are read in catalogue order, so the result does not
  // depend on which core ran what.
  const std::span<const Check* const> checks = AllChecks();
  std::vector<size_t> order(checks.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_partition(order.begin(), order.end(), [&checks](size_t i) { return StartsFirst(*checks[i]); });
  std::vector<std::vector<Violation>> per_check(checks.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t t; (t = next.fetch_add(1)) < order.size();) {
      const Check& check = *checks[order[t]];
      if (check.run == nullptr || !policy.Enabled(check.id)) continue;
      CheckContext ctx(check, model, policy, now, facts, options, per_check[order[t]]);
      check.run(ctx);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  // Suppress and sort by reference; each violation then moves once, into place.
  std::vector<Violation*> all;
  for (std::vector<Violation>& list : per_check) {
    for (Violation& v : list) all.push_back(&v);
  }
  std::vector<Violation> meta = ApplySuppressions(model, policy, now, all);
  std::erase(all, nullptr);
  for (Violation& v : meta) {
    if (policy.Enabled(v.id)) all.push_back(&v);
  }
  // By (path, line, column, id), then in catalogue and report order. Paths
  // and ids are ranked once, so the sort compares integers: 40,000
  // violations name one path and ~30 ids.
  const std::vector<uint32_t> path_rank =
      RankStrings(all, [](const Violation& v) -> const std::string& { return v.loc.path; });
  const std::vector<uint32_t> id_rank = RankStrings(all, [](const Violation& v) -> const std::string& { return v.id; });
  struct SortKey {
    uint32_t path;
    int line, column;
    uint32_t id;
    uint32_t index;  // the listing order: ties keep it
    bool operator<(const SortKey& o) const {
      return std::tie(path, line, column, id, index) < std::tie(o.path, o.line, o.column, o.id, o.index);
    }
  };
  std::vector<SortKey> keys(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    keys[i] = {path_rank[i], all[i]->loc.line, all[i]->loc.column, id_rank[i], static_cast<uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Violation> out;
  out.reserve(all.size());
  for (const SortKey& k : keys) out.push_back(std::move(*all[k.index]));
  return out;
}

}  // namespace rekey
