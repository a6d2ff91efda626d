// Private: what a RulesDatabase holds, for the matcher's own files. The RE2 of
// each rule is compiled on first use (std::call_once), so a database loaded
// from the cache is ready without compiling anything.
//
// Cache payload (database_cache.h frames it): one line of the rules'
// look-back widths in decimal, space-separated, then hs_serialize_database.
#ifndef REKEY_MATCHER_DATABASE_IMPL_H_
#define REKEY_MATCHER_DATABASE_IMPL_H_

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/hyperscan.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rules_database.h"

namespace rekey {

// Hyperscan ids: the rule index, with this bit set when the hit is one of the
// rule's keywords (keyword mode) rather than the end of its pattern.
inline constexpr unsigned kKeywordHit = 1u << 31;

// RE2 options shared by every rule: bytes (Latin-1) like Hyperscan without
// HS_FLAG_UTF8, no logging (errors become Diagnostics).
RE2::Options RuleRe2Options();

// Where a rule's matches can start, known before its RE2 exists: how far
// before a hit (the pattern's maximum width, capped at kConfirmWindow) and
// the literal every match starts with ("" when there is none of >= 3 bytes). Computed when the database is built and stored
// in its cache file, so a scan never asks RE2 for it.
struct RuleAnchor {
  size_t look_back = 0;
  std::string prefix;
};

// One rule's confirmation engine: its RE2 and its anchor.
struct Confirmer {
  std::unique_ptr<RE2> re;
  RuleAnchor anchor;
};

// The case-sensitive literal that starts every match of `re` (the common prefix
// of RE2's PossibleMatchRange bounds), or "" when it is shorter than 3 bytes.
std::string RequiredPrefix(const RE2& re);

class LazyConfirmer {
 public:
  // Built on the first call from any thread; later calls only read.
  const Confirmer& Get(const std::string& pattern, const RuleAnchor& anchor) const {
    std::call_once(once_, [&] {
      if (!value_.re) value_.re = std::make_unique<RE2>(pattern, RuleRe2Options());
      value_.anchor = anchor;
    });
    return value_;
  }
  // Installs a pattern already compiled (during validation).
  void Set(std::unique_ptr<RE2> re) { value_.re = std::move(re); }
  // The compiled pattern before any Get (validation), else nullptr.
  const RE2* compiled() const { return value_.re.get(); }

 private:
  mutable std::once_flag once_;
  mutable Confirmer value_;
};

// A rule's allowlist (RuleAllowlist) with its regexes compiled.
struct CompiledAllowlist {
  RuleAllowlist::Target target = RuleAllowlist::Target::kSecret;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::unique_ptr<RE2>> paths;
  std::vector<std::string> stopwords;
  std::vector<std::string> commits;
  bool all = false;
};

// Compiles every rule's allowlists (one list per rule, most of them empty);
// false after reporting a regex RE2 rejects (RK-RULE-005, at the allowlist).
bool CompileAllowlists(const std::vector<Rule>& rules, std::vector<std::vector<CompiledAllowlist>>& out,
                       Diagnostics& diags);

struct RulesDatabase::Impl {
  std::vector<Rule> rules;
  std::unique_ptr<LazyConfirmer[]> confirmers;  // one per rule
  // Per rule, computed with the Hyperscan database and cached with it
  // (hs_expression_info and PossibleMatchRange per rule cost about as much as
  // compiling the rule's RE2).
  std::vector<RuleAnchor> anchors;
  HsDatabase hs;                                           // nullptr when there are no rules
  std::vector<std::vector<CompiledAllowlist>> allowlists;  // per rule (imported gitleaks rules)
  bool has_allowlists = false;
  HsScratch scratch_prototype;
  bool from_cache = false;
  std::string cache_path;

  const Confirmer& Confirm(uint32_t rule) const { return confirmers[rule].Get(rules[rule].pattern, anchors[rule]); }
};

}  // namespace rekey

#endif  // REKEY_MATCHER_DATABASE_IMPL_H_
