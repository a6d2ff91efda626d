#include "rekey/matcher/matcher.h"

#include <algorithm>
#include <limits>

#include "matcher/confirm.h"
#include "matcher/database_impl.h"

namespace rekey {
namespace {

// Hits are packed as (rule << kRuleShift) | keyword-bit | end so one sort
// groups them by rule and orders each rule's ends. A rule's hits are all of one
// kind: pattern ends, or (keyword mode) keyword ends.
constexpr int kRuleShift = 41;
constexpr uint64_t kKeywordBit = uint64_t{1} << 40;
constexpr uint64_t kEndMask = kKeywordBit - 1;

// hs_scan takes an unsigned length; bigger buffers are scanned in segments that
// overlap by more than a confirmation window.
constexpr size_t kSegment = size_t{1} << 30;
constexpr size_t kSegmentOverlap = 4 * kConfirmWindow;

struct HitSink {
  std::vector<uint64_t>* hits;
  uint64_t base;
};

int OnHit(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/, void* context) {
  auto* sink = static_cast<HitSink*>(context);
  const uint64_t keyword = (id & kKeywordHit) != 0 ? kKeywordBit : 0;
  sink->hits->push_back((uint64_t{id & ~kKeywordHit} << kRuleShift) | keyword | (sink->base + to));
  return 0;
}

// The secret spans that vendor rules recognised and refused (a bad checksum,
// a placeholder, too little entropy): a generic rule must not report them.
using Rejections = std::vector<std::pair<size_t, size_t>>;

// Runs the filters on one RE2 match and appends it to `out` when it survives,
// or its secret span to `rejected` when a vendor rule refused it.
void Emit(const Rule& rule, uint32_t index, std::string_view data, const re2::StringPiece* sub,
          std::vector<RuleMatch>& out, Rejections& rejected) {
  const size_t start = static_cast<size_t>(sub[0].data() - data.data());
  const size_t end = start + sub[0].size();
  size_t secret_start = start, secret_end = end;  // a capture that did not take part: the whole match
  if (sub[1].data() != nullptr) {
    secret_start = static_cast<size_t>(sub[1].data() - data.data());
    secret_end = secret_start + sub[1].size();
  }
  const std::string_view full = data.substr(start, end - start);
  const std::string_view secret = data.substr(secret_start, secret_end - secret_start);
  // The bytes before the match: where a name the context matched began.
  constexpr size_t kBefore = 16;
  const std::string_view before = data.substr(start > kBefore ? start - kBefore : 0, std::min(start, kBefore));
  const Confirmation c = Confirm(rule, full, secret, before);
  if (c.verdict == Verdict::kFinding) {
    out.push_back({index, start, end, secret_start, secret_end, c.validation});
  } else if (c.verdict == Verdict::kRejected && !IsGenericRule(rule)) {
    rejected.emplace_back(secret_start, secret_end);
  }
}

// Drops the generic rules' matches whose secret overlaps a span a vendor
// rule refused: a GitHub token with a bad checksum is not a secret because
// it also sits in `token = "..."`.
void DropRefusedByVendor(const RulesDatabase& db, const Rejections& rejected, std::vector<RuleMatch>& matches) {
  if (rejected.empty()) return;
  std::erase_if(matches, [&](const RuleMatch& m) {
    if (!IsGenericRule(db.rule(m.rule))) return false;
    for (const auto& [start, end] : rejected) {
      if (start < m.secret_end && m.secret_start < end) return true;
    }
    return false;
  });
}

// The leftmost-first match of the rule in data[from, to), like RE2's unanchored
// search. A rule whose matches all start with a literal is instead tried
// anchored at each occurrence of it, in order:
// the first that matches is the leftmost match, found without RE2's reverse
// program (whose compilation and longest-match DFA cost most of a rule's first
// confirmation).
bool FindLeftmost(const Confirmer& confirmer, std::string_view data, size_t from, size_t to, re2::StringPiece* sub) {
  const RE2& re = *confirmer.re;
  const RuleAnchor& anchor = confirmer.anchor;
  if (anchor.prefix.empty()) return re.Match(data, from, to, RE2::UNANCHORED, sub, 2);
  const std::string_view window = data.substr(0, to);  // a match lies wholly before `to`
  for (size_t at = window.find(anchor.prefix, from); at != std::string_view::npos;
       at = window.find(anchor.prefix, at + 1)) {
    if (re.Match(data, at, to, RE2::ANCHOR_START, sub, 2)) return true;
  }
  return false;
}

// Confirms one rule's sorted, distinct hit ends. Like the reference engine it
// walks leftmost non-overlapping matches, but only inside windows around hits:
// `pos` is where the last match ended (hits up to it are that match's tail),
// `searched` the end of a window that held no further match. A pattern hit is
// the end of a match, so the window reaches back the pattern's maximum width;
// a keyword hit lies inside the match, so the window spans kKeywordWindow on
// both sides (most keyword hits confirm nothing: their windows must be small).
void ConfirmRule(const RulesDatabase::Impl& db, uint32_t index, std::string_view data, const uint64_t* first,
                 const uint64_t* last, std::vector<RuleMatch>& out, Rejections& rejected) {
  const Confirmer& confirmer = db.Confirm(index);
  const Rule& rule = db.rules[index];
  size_t pos = 0;
  size_t searched = 0;
  re2::StringPiece sub[2];
  for (const uint64_t* it = first; it != last; ++it) {
    const size_t hit = static_cast<size_t>(*it & kEndMask);
    const bool keyword = (*it & kKeywordBit) != 0;
    const size_t back = keyword ? std::min(confirmer.anchor.look_back, kKeywordWindow) : confirmer.anchor.look_back;
    // A match for this hit lies within [hit - back, hit + ahead]; skip the hit
    // when that range was already searched without a match.
    const size_t ahead = keyword ? back : 0;
    if (hit <= pos || hit + ahead <= searched) continue;
    size_t from = std::max(pos, hit > back ? hit - back : 0);
    // Keyword windows reach a further kKeywordWindow ahead so that the dense
    // keywords of one region share a search.
    const size_t to = std::min(data.size(), hit + (keyword ? back + kKeywordWindow : kConfirmWindow));
    bool reached = false;
    while (from < to && FindLeftmost(confirmer, data, from, to, sub)) {
      Emit(rule, index, data, sub, out, rejected);
      const size_t end = static_cast<size_t>(sub[0].data() - data.data()) + sub[0].size();
      pos = end > from ? end : from + 1;
      from = pos;
      if (end >= hit) {
        reached = true;
        break;
      }
    }
    if (!reached) searched = to;
  }
}

bool ByStartThenRule(const RuleMatch& a, const RuleMatch& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.rule != b.rule) return a.rule < b.rule;
  return a.end < b.end;
}

}  // namespace

struct Matcher::State {
  HsScratch scratch;
  std::vector<uint64_t> hits;
  Rejections rejected;
};

Matcher::Matcher(std::shared_ptr<const RulesDatabase> db) : db_(std::move(db)), state_(std::make_unique<State>()) {
  if (db_->impl().scratch_prototype) state_->scratch = CloneScratch(db_->impl().scratch_prototype.get());
}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

void Matcher::CollectHits(std::string_view data) {
  const RulesDatabase::Impl& db = db_->impl();
  std::vector<uint64_t>& hits = state_->hits;
  hits.clear();
  if (!db.hs || !state_->scratch || data.empty()) return;
  for (size_t base = 0; base < data.size(); base += kSegment) {
    const size_t length = std::min(data.size() - base, kSegment + kSegmentOverlap);
    HitSink sink{&hits, base};
    hs_scan(db.hs.get(), data.data() + base, static_cast<unsigned>(length), 0, state_->scratch.get(), OnHit, &sink);
    if (base + length >= data.size()) break;
  }
}

std::size_t Matcher::CountPrefilterHits(std::string_view data) {
  CollectHits(data);
  return state_->hits.size();
}

void Matcher::Scan(std::string_view data, std::vector<RuleMatch>& out) {
  out.clear();
  CollectHits(data);
  std::vector<uint64_t>& hits = state_->hits;
  if (hits.empty()) return;
  const RulesDatabase::Impl& db = db_->impl();
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  Rejections& rejected = state_->rejected;
  rejected.clear();
  for (auto group = hits.begin(); group != hits.end();) {
    const uint64_t rule = *group >> kRuleShift;
    auto next = std::find_if(group, hits.end(), [rule](uint64_t h) { return (h >> kRuleShift) != rule; });
    ConfirmRule(db, static_cast<uint32_t>(rule), data, &*group, &*group + (next - group), out, rejected);
    group = next;
  }
  DropRefusedByVendor(*db_, rejected, out);
  std::sort(out.begin(), out.end(), ByStartThenRule);
}

namespace {

void ScanReferenceRule(const RulesDatabase& database, uint32_t index, std::string_view data,
                       std::vector<RuleMatch>& out, Rejections& rejected) {
  const RulesDatabase::Impl& db = database.impl();
  const RE2& re = *db.Confirm(index).re;
  re2::StringPiece sub[2];
  size_t pos = 0;
  while (pos <= data.size() && re.Match(data, pos, data.size(), RE2::UNANCHORED, sub, 2)) {
    Emit(db.rules[index], index, data, sub, out, rejected);
    const size_t end = static_cast<size_t>(sub[0].data() - data.data()) + sub[0].size();
    pos = end > pos ? end : pos + 1;
  }
}

}  // namespace

void ScanReference(const RulesDatabase& database, uint32_t index, std::string_view data, std::vector<RuleMatch>& out) {
  Rejections ignored;
  ScanReferenceRule(database, index, data, out, ignored);
}

void ScanReferenceAll(const RulesDatabase& database, std::string_view data, std::vector<RuleMatch>& out) {
  out.clear();
  Rejections rejected;
  for (uint32_t i = 0; i < database.rules().size(); ++i) ScanReferenceRule(database, i, data, out, rejected);
  DropRefusedByVendor(database, rejected, out);
  std::sort(out.begin(), out.end(), ByStartThenRule);
}

}  // namespace rekey
