#include "cron/posix_tz.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "rekey/base/timestamp.h"

namespace rekey {
namespace {

// A cursor over a TZ string; every read returns nullopt on malformed input.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool Done() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  // <+0530> or an alphabetic name of 3 or more letters.
  std::optional<std::string> Name() {
    const size_t start = pos_;
    if (Eat('<')) {
      const size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos || close == pos_) return std::nullopt;
      pos_ = close + 1;
      return std::string(text_.substr(start + 1, close - start - 1));
    }
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ - start < 3) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<int64_t> Number(int max_digits) {
    const size_t start = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && pos_ - start < static_cast<size_t>(max_digits) &&
           std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + (text_[pos_++] - '0');
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }

  // [+-]h[h[h]][:mm[:ss]] in seconds.
  std::optional<int64_t> Hms() {
    const int64_t sign = Eat('-') ? -1 : (Eat('+'), 1);
    std::optional<int64_t> hours = Number(3);
    if (!hours) return std::nullopt;
    int64_t seconds = *hours * 3600;
    for (int64_t unit : {60, 1}) {
      if (!Eat(':')) break;
      std::optional<int64_t> part = Number(2);
      if (!part) return std::nullopt;
      seconds += *part * unit;
    }
    return sign * seconds;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<PosixTz> PosixTz::Parse(std::string_view spec) {
  Reader r(spec);
  PosixTz tz;
  std::optional<std::string> std_name = r.Name();
  std::optional<int64_t> std_offset = std_name ? r.Hms() : std::nullopt;
  if (!std_offset || r.Done()) return std::nullopt;  // malformed, or no DST
  std::optional<std::string> dst_name = r.Name();
  if (!dst_name) return std::nullopt;
  tz.std_abbrev_ = *std_name;
  tz.dst_abbrev_ = *dst_name;
  tz.std_offset_ = -*std_offset;  // POSIX counts hours west
  tz.dst_offset_ = tz.std_offset_ + 3600;
  if (!r.Peek(',')) {
    std::optional<int64_t> dst_offset = r.Hms();
    if (!dst_offset) return std::nullopt;
    tz.dst_offset_ = -*dst_offset;
  }
  for (Rule* rule : {&tz.start_, &tz.end_}) {
    if (!r.Eat(',') || !r.Eat('M')) return std::nullopt;
    std::optional<int64_t> month = r.Number(2);
    std::optional<int64_t> week = month && r.Eat('.') ? r.Number(1) : std::nullopt;
    std::optional<int64_t> weekday = week && r.Eat('.') ? r.Number(1) : std::nullopt;
    if (!weekday || *month < 1 || *month > 12 || *week < 1 || *week > 5 || *weekday > 6) {
      return std::nullopt;
    }
    *rule = Rule{static_cast<int>(*month), static_cast<int>(*week), static_cast<int>(*weekday)};
    if (r.Eat('/')) {
      std::optional<int64_t> time = r.Hms();
      if (!time) return std::nullopt;
      rule->time = *time;
    }
  }
  if (!r.Done() || tz.std_offset_ == tz.dst_offset_) return std::nullopt;
  return tz;
}

int64_t PosixTz::TransitionUtc(const Rule& rule, int year, int64_t offset_before) const {
  const int first_weekday = Weekday(DaysFromCivil(year, rule.month, 1));
  int day = 1 + (rule.weekday - first_weekday + 7) % 7 + (rule.week - 1) * 7;
  while (day > DaysInMonth(year, rule.month)) day -= 7;  // week 5 = the last one
  return DaysFromCivil(year, rule.month, day) * 86400 + rule.time - offset_before;
}

PosixTz::Period PosixTz::At(int64_t utc) const {
  struct Change {
    int64_t at;
    bool to_dst;
  };
  // Two years back and one ahead always bracket `utc`, whatever the rule times.
  std::array<Change, 8> changes;
  const int year = CivilFromUnixSeconds(utc).year;
  for (int i = 0; i < 4; ++i) {
    changes[2 * i] = {TransitionUtc(start_, year - 2 + i, std_offset_), true};
    changes[2 * i + 1] = {TransitionUtc(end_, year - 2 + i, dst_offset_), false};
  }
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  size_t k = 0;
  while (k + 2 < changes.size() && changes[k + 1].at <= utc) ++k;
  const bool dst = changes[k].to_dst;
  return Period{changes[k].at, changes[k + 1].at, dst ? dst_offset_ : std_offset_, dst ? dst_abbrev_ : std_abbrev_};
}

PosixTz::LocalPeriods PosixTz::AtLocal(int64_t local) const {
  const Period as_std = At(local - std_offset_);
  const Period as_dst = At(local - dst_offset_);
  const bool std_ok = as_std.offset == std_offset_;
  const bool dst_ok = as_dst.offset == dst_offset_;
  if (std_ok && dst_ok) {
    // The larger offset is the earlier instant: the first occurrence.
    const bool std_first = std_offset_ > dst_offset_;
    return {LocalPeriods::Kind::kRepeated, std_first ? as_std : as_dst, std_first ? as_dst : as_std};
  }
  if (std_ok || dst_ok) return {LocalPeriods::Kind::kUnique, std_ok ? as_std : as_dst, {}};
  const bool std_later = as_std.begin > as_dst.begin;
  return {LocalPeriods::Kind::kGap, std_later ? as_dst : as_std, std_later ? as_std : as_dst};
}

}  // namespace rekey
