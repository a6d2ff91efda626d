// RulesDatabase: a RuleSet compiled for scanning — one Hyperscan block-mode
// database over every rule's pattern (the prefilter) plus one RE2 per rule (the
// confirmation that yields start offsets and the capture). Immutable once built;
// share it between threads as std::shared_ptr<const RulesDatabase> and give each
// thread its own Matcher (matcher.h).
//
// A rule whose pattern has no literal of >= 3 bytes (per RE2's prefilter) and
// does not spell out one of its keywords is in "keyword mode": Hyperscan looks
// for its keywords (caseless) instead of its pattern, and the Matcher confirms
// around each keyword (such patterns made the whole database ~20x slower).
//
// Compiling ~400 rules takes seconds, so the Hyperscan database (with each
// rule's maximum match width, the confirmation window's reach) is cached on
// disk: $XDG_CACHE_HOME/rekey (else ~/.cache/rekey), one file per hash of the
// rule ids+patterns, the Hyperscan version and the CPU platform; written
// atomically with mode 0600; a file whose checksum does not verify is deleted
// and rebuilt. Loading from the cache compiles nothing: each rule's RE2 is
// compiled on its first hit (thread-safe, once per database).
//
// Errors (Diagnostics, at the rule's pattern file:line:col): RK-RULE-005 RE2
// rejects the pattern, -006 not exactly one capture group, -007 Hyperscan
// rejects it, -008 no literal of >= 3 bytes and no keywords. Build returns
// nullptr when there were any.
//
//   Diagnostics diags;
//   std::shared_ptr<const RulesDatabase> db = RulesDatabase::Build(rule_set, CacheOptions{}, diags);
//   if (!db) return kExitInputError;
#ifndef REKEY_MATCHER_RULES_DATABASE_H_
#define REKEY_MATCHER_RULES_DATABASE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"
#include "rekey/rules/rule_set.h"

namespace rekey {

struct CacheOptions {
  bool enabled = true;  // false: --no-cache (never read nor write)
  std::string dir;      // "" = DefaultCacheDir()
};

// $XDG_CACHE_HOME/rekey, else $HOME/.cache/rekey, else "" (no cache).
std::string DefaultCacheDir();

// The line around a match (what an allowlist with regexTarget = "line" looks at).
std::string_view AllowlistLine(const RuleMatch& match, std::string_view data);

class RulesDatabase {
 public:
  // Validates and compiles `rules` (or loads the compiled form from the cache).
  static std::shared_ptr<const RulesDatabase> Build(const RuleSet& rules, const CacheOptions& cache,
                                                    Diagnostics& diags);
  // The same, taking the rules over instead of copying them.
  static std::shared_ptr<const RulesDatabase> Build(RuleSet&& rules, const CacheOptions& cache, Diagnostics& diags);
  ~RulesDatabase();
  RulesDatabase(const RulesDatabase&) = delete;
  RulesDatabase& operator=(const RulesDatabase&) = delete;

  const std::vector<Rule>& rules() const;
  const Rule& rule(uint32_t index) const { return rules()[index]; }

  // Imported gitleaks rules' allowlists (Rule::allowlists): whether the
  // match's rule has any, and whether one covers the match found in `data`
  // of the file `path` at `commit` ("" outside git scans).
  bool has_allowlists() const;
  bool Allowlisted(const RuleMatch& match, std::string_view data, std::string_view path, std::string_view commit) const;
  // The same from the texts an allowlist can look at (the secret, the whole
  // match, its line), for a finding whose content is no longer at hand.
  bool Allowlisted(uint32_t rule, std::string_view secret, std::string_view match_text, std::string_view line,
                   std::string_view path, std::string_view commit) const;

  bool loaded_from_cache() const;
  const std::string& cache_path() const;  // the cache file used or written; "" when none

  // Compiles the rules' confirmation regexes ahead of their first hit, in
  // rule order, until `stop` is set (each rule is otherwise compiled on first
  // use), with RE2's reverse program where the confirmation needs one. Meant
  // for a core that would sit idle: the scanner runs it while one thread
  // walks the tree. Thread-safe with concurrent matching.
  void Prepare(const std::atomic<bool>& stop) const;

  // Private state for the matcher's own files (src/matcher/database_impl.h).
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit RulesDatabase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rekey

#endif  // REKEY_MATCHER_RULES_DATABASE_H_
