// Fuzz target: the scan matcher over arbitrary bytes with the shipped rules.
// Every Hyperscan hit must either confirm into a well-formed RuleMatch or be
// dropped cleanly, and no finding may be lost: for inputs up to kCompareBytes
// (within every confirmation window) the Matcher's answer must equal the
// RE2-only reference engine's, rule by rule.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

namespace {

constexpr size_t kCompareBytes = 512;

std::shared_ptr<const rekey::RulesDatabase> BuiltinDatabase() {
  rekey::Diagnostics diags;
  rekey::RuleSet rules;
  if (!rules.AddBuiltins(diags)) std::abort();
  rekey::CacheOptions cache;
  cache.dir = REKEY_FUZZ_CACHE_DIR;
  std::shared_ptr<const rekey::RulesDatabase> db = rekey::RulesDatabase::Build(rules, cache, diags);
  if (!db) std::abort();
  return db;
}

rekey::Matcher& TheMatcher() {
  static rekey::Matcher matcher(BuiltinDatabase());
  return matcher;
}

bool Less(const rekey::RuleMatch& a, const rekey::RuleMatch& b) {
  if (a.rule != b.rule) return a.rule < b.rule;
  return a.start < b.start;
}

void Report(const char* what, const rekey::RulesDatabase& db, const rekey::RuleMatch& m) {
  std::fprintf(stderr, "%s: rule %s [%zu, %zu)\n", what, db.rule(m.rule).id.c_str(), m.start, m.end);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)TheMatcher();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rekey::Matcher& matcher = TheMatcher();
  const rekey::RulesDatabase& db = matcher.database();
  std::vector<rekey::RuleMatch> found;
  matcher.Scan(text, found);
  for (size_t i = 0; i < found.size(); ++i) {
    const rekey::RuleMatch& m = found[i];
    const bool well_formed = m.rule < db.rules().size() && m.start <= m.secret_start &&
                             m.secret_start <= m.secret_end && m.secret_end <= m.end && m.end <= size &&
                             m.start < m.end;
    if (!well_formed) {
      Report("malformed match", db, m);
      std::abort();
    }
    if (i > 0 && (found[i - 1].start > m.start || (found[i - 1].start == m.start && found[i - 1].rule > m.rule))) {
      std::abort();  // Scan promises (start, rule) order
    }
  }
  if (size > kCompareBytes) return 0;
  std::vector<rekey::RuleMatch> reference;
  rekey::ScanReferenceAll(db, text, reference);
  std::sort(found.begin(), found.end(), Less);
  std::sort(reference.begin(), reference.end(), Less);
  if (found != reference) {
    for (const rekey::RuleMatch& m : reference) {
      if (std::find(found.begin(), found.end(), m) == found.end()) Report("lost (reference only)", db, m);
    }
    for (const rekey::RuleMatch& m : found) {
      if (std::find(reference.begin(), reference.end(), m) == reference.end()) Report("extra (matcher only)", db, m);
    }
    std::abort();
  }
  return 0;
}
