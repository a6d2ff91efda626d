// Imported gitleaks rules' allowlists (RuleAllowlist): compiled with the
// database, consulted by the scanner for each of those rules' matches.
#include <algorithm>

#include "matcher/confirm.h"
#include "matcher/database_impl.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

std::unique_ptr<RE2> Compile(const std::string& pattern, const Rule& rule, const RuleAllowlist& allowlist,
                             Diagnostics& diags) {
  auto re = std::make_unique<RE2>(pattern, RuleRe2Options());
  if (re->ok()) return re;
  diags.Error(allowlist.loc, "RK-RULE-005",
              "allowlist regex " + Quote(pattern) + " of rule " + Quote(rule.id) + " is not valid RE2: " + re->error(),
              "allowlist regexes use RE2 syntax");
  return nullptr;
}

// The line around bytes [start, end) of `data`.
std::string_view LineAround(std::string_view data, size_t start, size_t end) {
  const size_t before = data.rfind('\n', start == 0 ? 0 : start - 1);
  const size_t from = (before == std::string_view::npos || start == 0) ? 0 : before + 1;
  const size_t after = data.find('\n', end);
  return data.substr(from, (after == std::string_view::npos ? data.size() : after) - from);
}

bool AnyMatch(const std::vector<std::unique_ptr<RE2>>& regexes, std::string_view text) {
  return std::any_of(regexes.begin(), regexes.end(),
                     [text](const std::unique_ptr<RE2>& re) { return RE2::PartialMatch(text, *re); });
}

}  // namespace

bool CompileAllowlists(const std::vector<Rule>& rules, std::vector<std::vector<CompiledAllowlist>>& out,
                       Diagnostics& diags) {
  bool ok = true;
  out.clear();
  out.resize(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const RuleAllowlist& a : rules[i].allowlists) {
      CompiledAllowlist c;
      c.target = a.target;
      c.stopwords = a.stopwords;
      c.commits = a.commits;
      c.all = a.all;
      for (const std::string& p : a.regexes) {
        if (auto re = Compile(p, rules[i], a, diags))
          c.regexes.push_back(std::move(re));
        else
          ok = false;
      }
      for (const std::string& p : a.paths) {
        if (auto re = Compile(p, rules[i], a, diags))
          c.paths.push_back(std::move(re));
        else
          ok = false;
      }
      out[i].push_back(std::move(c));
    }
  }
  return ok;
}

bool RulesDatabase::has_allowlists() const { return impl_->has_allowlists; }

bool RulesDatabase::Allowlisted(const RuleMatch& match, std::string_view data, std::string_view path,
                                std::string_view commit) const {
  return Allowlisted(match.rule, data.substr(match.secret_start, match.secret_end - match.secret_start),
                     data.substr(match.start, match.end - match.start), LineAround(data, match.start, match.end), path,
                     commit);
}

std::string_view AllowlistLine(const RuleMatch& match, std::string_view data) {
  return LineAround(data, match.start, match.end);
}

bool RulesDatabase::Allowlisted(uint32_t rule, std::string_view secret, std::string_view match_text,
                                std::string_view line, std::string_view path, std::string_view commit) const {
  for (const CompiledAllowlist& a : impl_->allowlists[rule]) {
    std::string_view target = secret;
    if (a.target == RuleAllowlist::Target::kMatch) target = match_text;
    if (a.target == RuleAllowlist::Target::kLine) target = line;
    // Each criterion the allowlist has: does it hold?
    std::vector<bool> held;
    if (!a.commits.empty()) held.push_back(std::find(a.commits.begin(), a.commits.end(), commit) != a.commits.end());
    if (!a.paths.empty()) held.push_back(AnyMatch(a.paths, path));
    if (!a.regexes.empty()) held.push_back(AnyMatch(a.regexes, target));
    if (!a.stopwords.empty()) {
      held.push_back(std::any_of(a.stopwords.begin(), a.stopwords.end(),
                                 [secret](const std::string& w) { return ContainsKeyword(secret, w); }));
    }
    if (held.empty()) continue;
    const bool allowed = a.all ? std::all_of(held.begin(), held.end(), [](bool b) { return b; })
                               : std::any_of(held.begin(), held.end(), [](bool b) { return b; });
    if (allowed) return true;
  }
  return false;
}

}  // namespace rekey
