#include "rekey/matcher/rules_database.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "matcher/database_cache.h"
#include "matcher/database_impl.h"
#include "rekey/base/hash.h"
#include "rekey/base/text.h"

namespace rekey {

RE2::Options RuleRe2Options() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

std::string RequiredPrefix(const RE2& re) {
  // Any string between two bounds that share a prefix starts with it; 16 bytes
  // bound the walk of RE2's DFA. Caseless literals give bounds that differ in
  // case (no common prefix): those rules keep the unanchored search.
  constexpr int kProbe = 16;
  constexpr size_t kMinPrefix = 3;
  std::string min, max;
  if (!re.PossibleMatchRange(&min, &max, kProbe)) return "";
  size_t n = 0;
  while (n < min.size() && n < max.size() && min[n] == max[n]) ++n;
  return n >= kMinPrefix ? min.substr(0, n) : "";
}

std::string DefaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/rekey";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/rekey";
  return "";
}

namespace {

// True when every match of `pattern` must contain some literal of >= 3 bytes
// (RE2's prefilter finds required "atoms"; a pattern without any passes every
// text, so Hyperscan has nothing to anchor on either).
bool HasRequiredLiteral(const std::string& pattern) {
  re2::FilteredRE2 filter(3);
  int id = 0;
  if (filter.Add(pattern, RuleRe2Options(), &id) != RE2::NoError) return true;  // reported elsewhere
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> unfiltered;
  filter.AllPotentials({}, &unfiltered);
  return unfiltered.empty();
}

// True when some keyword is written into the pattern itself. RE2's prefilter
// gives up on large alternations (e.g. a 25-word prefix before
// "(?i:passw(?:or)?d|pwd)") although Hyperscan finds such literals fine; those
// rules stay in pattern mode (measured: same hs_scan speed, 1.6x faster
// confirmation than keyword mode on keyword-dense text).
bool KeywordInPattern(const Rule& rule) {
  std::string lower = rule.pattern;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& keyword : rule.keywords) {
    if (lower.find(keyword) != std::string::npos) return true;
  }
  return false;
}

// True when the pattern uses \C (any single byte) outside a \Q...\E quote.
// It is the one construct whose meaning depends on the engines' encoding
// mode: Hyperscan refuses it in UTF-8 mode, and RE2 lets it split a UTF-8
// character there. rekey's rule syntax is what both engines accept in every
// mode, so that rule files keep their meaning; (?s:.) says "any byte" here.
bool UsesAnyByte(std::string_view pattern) {
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'C') return true;
    if (pattern[i + 1] == 'Q') {
      const size_t end = pattern.find("\\E", i + 2);
      if (end == std::string_view::npos) return false;
      i = end;
    }
    ++i;  // the escaped byte
  }
  return false;
}

// Compiles each rule's RE2 and checks the rule-level engine constraints.
// Sets keyword_mode[i] for rules whose pattern has no literal of >= 3 bytes
// (and does not spell out a keyword): Hyperscan then looks for their keywords
// instead (such a regex alone slowed the whole database down ~20x).
bool ValidatePatterns(const std::vector<Rule>& rules, LazyConfirmer* confirmers, std::vector<bool>& keyword_mode,
                      Diagnostics& diags) {
  bool ok = true;
  keyword_mode.assign(rules.size(), false);
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    auto re = std::make_unique<RE2>(rule.pattern, RuleRe2Options());
    if (!re->ok()) {
      diags.Error(rule.pattern_loc, "RK-RULE-005",
                  "pattern of rule " + Quote(rule.id) + " is not valid RE2: " + re->error(),
                  "the pattern must be in the syntax both RE2 and Hyperscan accept");
      ok = false;
      continue;
    }
    if (UsesAnyByte(rule.pattern)) {
      diags.Error(
          rule.pattern_loc, "RK-RULE-007",
          "pattern of rule " + Quote(rule.id) + " uses \\C (any single byte), which Hyperscan refuses in UTF-8 mode",
          "write (?s:.) for any byte, or a class such as [\\x00-\\xff]");
      ok = false;
    }
    if (re->NumberOfCapturingGroups() != 1) {
      diags.Error(rule.pattern_loc, "RK-RULE-006",
                  "pattern of rule " + Quote(rule.id) + " has " + std::to_string(re->NumberOfCapturingGroups()) +
                      " capture groups, expected exactly 1",
                  "capture the secret with (...) and use (?:...) for other groups");
      ok = false;
    }
    const bool has_literal = HasRequiredLiteral(rule.pattern);
    keyword_mode[i] = !has_literal && !KeywordInPattern(rule);
    if (!has_literal && rule.keywords.empty()) {
      diags.Error(rule.pattern_loc, "RK-RULE-008",
                  "pattern of rule " + Quote(rule.id) +
                      " has no literal of 3 or more bytes that every match contains, and no keywords",
                  "add a fixed prefix to the pattern or list keywords: [...] that occur in every match");
      ok = false;
    }
    confirmers[i].Set(std::move(re));
  }
  return ok;
}

// What Hyperscan searches for: each rule's pattern, or its keywords (caseless
// literals, ids tagged kKeywordHit) for rules in keyword mode.
std::vector<HsPattern> PrefilterPatterns(const std::vector<Rule>& rules, const std::vector<bool>& keyword_mode,
                                         std::vector<size_t>& rule_of) {
  std::vector<HsPattern> patterns;
  rule_of.clear();
  for (size_t i = 0; i < rules.size(); ++i) {
    const unsigned id = static_cast<unsigned>(i);
    if (!rules[i].context.empty() && !IsGenericRule(rules[i])) {
      // A vendor rule with context: Hyperscan looks for the vendor's name only
      // (a hit inside the match, like a keyword); RE2 confirms the assignment
      // grammar around it. The whole grammar once per rule made compiling a
      // thousand rules take ten times longer, for no speed on text where
      // vendor names are rare.
      patterns.push_back({"(?i:" + rules[i].context + ")", 0, id | kKeywordHit});
      rule_of.push_back(i);
      continue;
    }
    if (!keyword_mode[i]) {
      patterns.push_back({rules[i].pattern, 0, id});
      rule_of.push_back(i);
      continue;
    }
    for (const std::string& keyword : rules[i].keywords) {
      patterns.push_back({EscapeLiteral(keyword), HS_FLAG_CASELESS, id | kKeywordHit});
      rule_of.push_back(i);
    }
  }
  return patterns;
}

// Compiles the Hyperscan database; on failure names every rule Hyperscan rejects.
HsDatabase CompileHyperscan(const std::vector<Rule>& rules, const std::vector<bool>& keyword_mode, Diagnostics& diags) {
  std::vector<size_t> rule_of;
  const std::vector<HsPattern> patterns = PrefilterPatterns(rules, keyword_mode, rule_of);
  HsCompileError error;
  HsDatabase db = CompileBlockDatabase(patterns, error);
  if (db) return db;
  bool named = false;
  for (size_t p = 0; p < patterns.size(); ++p) {
    HsCompileError one;
    if (CompileBlockDatabase({patterns[p]}, one)) continue;
    const Rule& rule = rules[rule_of[p]];
    diags.Error(rule.pattern_loc, "RK-RULE-007",
                "Hyperscan rejects the pattern of rule " + Quote(rule.id) + ": " + one.message,
                "use the regex subset both RE2 and Hyperscan accept (no empty matches, no \\C, no \\p without UTF-8)");
    named = true;
  }
  if (!named) diags.Error({}, "RK-RULE-007", "Hyperscan could not compile the rules database: " + error.message);
  return nullptr;
}

// Each rule's anchor: its maximum match width capped at kConfirmWindow
// (hs_expression_info) and its required prefix (from the RE2s validation compiled).
std::vector<RuleAnchor> Anchors(const std::vector<Rule>& rules, const LazyConfirmer* confirmers) {
  std::vector<RuleAnchor> out(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    out[i].look_back = std::min(MaxMatchWidth(rules[i].pattern), kConfirmWindow);
    if (const RE2* re = confirmers[i].compiled()) out[i].prefix = RequiredPrefix(*re);
  }
  return out;
}

// Payload: one line of look-backs, one of prefixes ("-" none, "s" + hex),
// then the Hyperscan database.
// `*checked` is set to the length of the two lines: the cache checksums
// them, and Hyperscan checks its own bytes on load.
std::string CachePayload(const std::vector<RuleAnchor>& anchors, const hs_database_t* hs, size_t* checked) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const RuleAnchor& a : anchors) out += std::to_string(a.look_back) + " ";
  out += "\n";
  for (const RuleAnchor& a : anchors) {
    if (a.prefix.empty()) {
      out += "- ";
      continue;
    }
    out += 's';
    for (unsigned char c : a.prefix) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    out += ' ';
  }
  out += "\n";
  *checked = out.size();
  return out + SerializeDatabase(hs);
}

bool ParseLookBacks(std::string_view line, std::vector<RuleAnchor>& anchors) {
  size_t width = 0;
  bool digits = false;
  for (char c : line) {
    if (c >= '0' && c <= '9' && width <= kConfirmWindow) {
      width = width * 10 + static_cast<size_t>(c - '0');
      digits = true;
    } else if (c == ' ' && digits && width <= kConfirmWindow) {
      anchors.push_back({width, ""});
      width = 0;
      digits = false;
    } else {
      return false;
    }
  }
  return !digits;
}

bool ParsePrefixes(std::string_view line, std::vector<RuleAnchor>& anchors) {
  size_t rule = 0;
  for (size_t start = 0; start < line.size(); ++rule) {
    const size_t end = line.find(' ', start);
    if (end == std::string_view::npos || rule >= anchors.size()) return false;
    const std::string_view token = line.substr(start, end - start);
    start = end + 1;
    if (token == "-") continue;
    if (token.size() < 3 || token.size() % 2 != 1 || token[0] != 's') return false;
    std::string prefix;
    for (size_t i = 1; i < token.size(); i += 2) {
      const int hi = HexDigit(token[i]), lo = HexDigit(token[i + 1]);
      if (hi < 0 || lo < 0) return false;
      prefix.push_back(static_cast<char>(hi * 16 + lo));
    }
    anchors[rule].prefix = std::move(prefix);
  }
  return rule == anchors.size();
}

// Splits a cache payload; false when it is not one for `count` rules.
bool ParseCachePayload(std::string_view payload, size_t count, std::vector<RuleAnchor>& anchors, HsDatabase& hs) {
  const size_t first = payload.find('\n');
  if (first == std::string_view::npos) return false;
  const size_t second = payload.find('\n', first + 1);
  if (second == std::string_view::npos) return false;
  anchors.clear();
  if (!ParseLookBacks(payload.substr(0, first), anchors) || anchors.size() != count) return false;
  if (!ParsePrefixes(payload.substr(first + 1, second - first - 1), anchors)) return false;
  hs = DeserializeDatabase(payload.substr(second + 1));
  return hs != nullptr;
}

}  // namespace

RulesDatabase::RulesDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RulesDatabase::~RulesDatabase() = default;

const std::vector<Rule>& RulesDatabase::rules() const { return impl_->rules; }
bool RulesDatabase::loaded_from_cache() const { return impl_->from_cache; }
const std::string& RulesDatabase::cache_path() const { return impl_->cache_path; }

void RulesDatabase::Prepare(const std::atomic<bool>& stop) const {
  for (uint32_t rule = 0; rule < impl_->rules.size() && !stop.load(std::memory_order_relaxed); ++rule) {
    const Confirmer& confirmer = impl_->Confirm(rule);
    // A rule without a literal prefix is confirmed by an unanchored search,
    // whose first match compiles RE2's reverse program (to find the start);
    // asking for its size builds it here, off the scanning threads.
    if (confirmer.anchor.prefix.empty()) confirmer.re->ReverseProgramSize();
  }
}

std::shared_ptr<const RulesDatabase> RulesDatabase::Build(const RuleSet& rule_set, const CacheOptions& cache,
                                                          Diagnostics& diags) {
  RuleSet copy = rule_set;
  return Build(std::move(copy), cache, diags);
}

std::shared_ptr<const RulesDatabase> RulesDatabase::Build(RuleSet&& rule_set, const CacheOptions& cache,
                                                          Diagnostics& diags) {
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rule_set).TakeRules();
  impl->confirmers = std::make_unique<LazyConfirmer[]>(impl->rules.size());
  if (!CompileAllowlists(impl->rules, impl->allowlists, diags)) return nullptr;
  impl->has_allowlists =
      std::any_of(impl->rules.begin(), impl->rules.end(), [](const Rule& r) { return !r.allowlists.empty(); });
  if (impl->rules.empty()) return std::shared_ptr<const RulesDatabase>(new RulesDatabase(std::move(impl)));

  const std::string dir = cache.dir.empty() ? DefaultCacheDir() : cache.dir;
  const bool use_cache = cache.enabled && !dir.empty();
  if (use_cache) {
    impl->cache_path = CacheFilePath(dir, CacheKey(impl->rules));
    // Only a database that compiled (and so validated) is ever written, so a
    // verified cache file stands for a valid rule set.
    PageBuffer file;
    if (std::optional<std::string_view> payload = ReadCacheFile(impl->cache_path, file)) {
      impl->from_cache = ParseCachePayload(*payload, impl->rules.size(), impl->anchors, impl->hs);
      if (!impl->from_cache) {  // verified but unusable here: rebuild
        impl->hs = nullptr;
        RemoveCacheFile(impl->cache_path);
      }
    }
  }
  if (!impl->hs) {
    std::vector<bool> keyword_mode;
    if (!ValidatePatterns(impl->rules, impl->confirmers.get(), keyword_mode, diags)) return nullptr;
    impl->hs = CompileHyperscan(impl->rules, keyword_mode, diags);
    if (!impl->hs) return nullptr;
    impl->anchors = Anchors(impl->rules, impl->confirmers.get());
    if (use_cache) {
      size_t checked = 0;
      const std::string payload = CachePayload(impl->anchors, impl->hs.get(), &checked);
      if (!WriteCacheFile(dir, impl->cache_path, payload, checked)) impl->cache_path.clear();
    }
  }
  impl->scratch_prototype = AllocScratch(impl->hs.get());
  if (!impl->scratch_prototype) {
    diags.Error({}, "RK-RULE-007", "Hyperscan could not allocate scratch space", "check available memory");
    return nullptr;
  }
  return std::shared_ptr<const RulesDatabase>(new RulesDatabase(std::move(impl)));
}

}  // namespace rekey
