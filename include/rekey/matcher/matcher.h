// Matcher: scans one buffer for every rule of a RulesDatabase. Hyperscan finds
// (rule, end offset) hits; each is confirmed by the rule's RE2 in a bounded
// window around the hit (up to kConfirmWindow bytes back and forward; for rules
// without a literal, whose hits are keyword occurrences, kKeywordWindow), which
// yields the start and the capture; then the global filters run (entropy, placeholders,
// published example credentials, keywords, checksum/format validators). A
// generic rule's match is dropped when its secret overlaps a token that a
// vendor rule matched and refused (bad checksum, placeholder, too little
// entropy). Each distinct match is reported once, sorted by (start, rule).
//
// Ownership: holds a shared reference to the database and its own Hyperscan
// scratch and buffers. Thread-safety: one Matcher per thread; many Matchers may
// share one database. Scan never fails: a buffer is bytes, not input to validate.
//
//   Matcher matcher(db);
//   std::vector<RuleMatch> matches;
//   matcher.Scan(file_contents, matches);
#ifndef REKEY_MATCHER_MATCHER_H_
#define REKEY_MATCHER_MATCHER_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "rekey/matcher/rule_match.h"
#include "rekey/matcher/rules_database.h"

namespace rekey {

// A match longer than this, or whose hit lies further than this from its start,
// is not guaranteed to be found.
inline constexpr std::size_t kConfirmWindow = 4096;
// Keyword-mode rules (no literal of >= 3 bytes): a match must lie within this
// many bytes of one of its keywords.
inline constexpr std::size_t kKeywordWindow = 512;

class Matcher {
 public:
  explicit Matcher(std::shared_ptr<const RulesDatabase> db);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // Replaces `out` with the confirmed matches in `data`.
  void Scan(std::string_view data, std::vector<RuleMatch>& out);

  // The Hyperscan pass alone, without confirmation: the number of raw hits.
  // For benchmarks (the ceiling Scan is measured against), not for findings.
  std::size_t CountPrefilterHits(std::string_view data);

  const RulesDatabase& database() const { return *db_; }

 private:
  struct State;
  void CollectHits(std::string_view data);  // Hyperscan pass into state_->hits

  std::shared_ptr<const RulesDatabase> db_;
  std::unique_ptr<State> state_;
};

// The RE2-only reference engine `rules check` compares against: every leftmost
// non-overlapping match of rule `rule` in the whole of `data`, with the same
// per-match filters as Matcher::Scan (appended to `out`). Slow (one full RE2
// pass per rule); for tests/checks.
void ScanReference(const RulesDatabase& db, uint32_t rule, std::string_view data, std::vector<RuleMatch>& out);

// Every rule through ScanReference, then the same cross-rule step as
// Matcher::Scan (generic matches on a span a vendor rule refused are
// dropped); `out` is replaced and sorted like Scan's.
void ScanReferenceAll(const RulesDatabase& db, std::string_view data, std::vector<RuleMatch>& out);

}  // namespace rekey

#endif  // REKEY_MATCHER_MATCHER_H_
