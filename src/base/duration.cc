#include "rekey/base/duration.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace rekey {

const char kDurationSyntax[] =
    "<number><unit>... with units s, m, h, d, w in decreasing order, e.g. 30d, 2h, 1d12h, 90m, 1w";

namespace {

struct Unit {
  char symbol;
  int64_t seconds;
};
constexpr Unit kUnits[] = {{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};

int UnitRank(char symbol) {
  for (int i = 0; i < 5; ++i) {
    if (kUnits[i].symbol == symbol) return i;
  }
  return -1;
}

Error Bad(std::string message, int column, std::string hint = kDurationSyntax) {
  return Error{std::move(message), std::move(hint), column};
}

}  // namespace

std::string Duration::ToString() const {
  if (seconds_ == 0) return "0s";
  std::string out = seconds_ < 0 ? "-" : "";
  // Unsigned magnitude: -INT64_MIN does not fit an int64.
  uint64_t rest = seconds_ < 0 ? uint64_t{0} - static_cast<uint64_t>(seconds_) : static_cast<uint64_t>(seconds_);
  // Weeks only when the whole value is whole weeks: "14d" reads better than "2w" mixed.
  for (const Unit& unit : kUnits) {
    const auto size = static_cast<uint64_t>(unit.seconds);
    if (unit.symbol == 'w' && rest % size != 0) continue;
    if (rest >= size) {
      out += std::to_string(rest / size) + unit.symbol;
      rest %= size;
    }
  }
  return out;
}

Duration Duration::Scaled(double factor) const {
  const double scaled = std::trunc(static_cast<double>(seconds_) * factor);
  if (std::isnan(scaled)) return Duration();
  // 2^63 is the first double past INT64_MAX; converting it or more is undefined.
  if (scaled >= 9223372036854775808.0) return Duration(std::numeric_limits<int64_t>::max());
  if (scaled < -9223372036854775808.0) return Duration(std::numeric_limits<int64_t>::min());
  return Duration(static_cast<int64_t>(scaled));
}

Result<Duration> ParseDuration(std::string_view text) {
  if (text.empty()) return Bad("empty duration", 1);
  int64_t total = 0;
  int last_rank = -1;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    int64_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      const int digit = text[i] - '0';
      if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) {
        return Bad("duration \"" + std::string(text) + "\" is too large", static_cast<int>(start) + 1,
                   "durations are at most 365000d (1000 years)");
      }
      value = value * 10 + digit;
      ++i;
    }
    if (i == start) {
      return Bad(
          "expected a number at \"" + std::string(text.substr(i)) + "\" in duration \"" + std::string(text) + "\"",
          static_cast<int>(i) + 1);
    }
    if (i == text.size()) {
      return Bad("duration \"" + std::string(text) + "\" has a number without a unit", static_cast<int>(i) + 1);
    }
    // The unit is the run of letters after the number: "d" is a unit, "days" is not.
    size_t unit_end = i;
    while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end]))) ++unit_end;
    const std::string_view unit = text.substr(i, unit_end == i ? 1 : unit_end - i);
    const int rank = unit.size() == 1 ? UnitRank(unit[0]) : -1;
    if (rank < 0) {
      std::string hint = kDurationSyntax;
      const char first = unit[0];
      if (first == 'M' || first == 'y' || first == 'Y' || unit.substr(0, 2) == "mo") {
        hint = "months and years vary in length; use days (30d, 365d). Accepted: " + hint;
      }
      return Bad("unknown unit \"" + std::string(unit) + "\" in duration \"" + std::string(text) + "\"",
                 static_cast<int>(i) + 1, hint);
    }
    if (rank <= last_rank) {
      return Bad("units in duration \"" + std::string(text) + "\" must be in decreasing order without repeats",
                 static_cast<int>(i) + 1);
    }
    last_rank = rank;
    if (value > (kMaxDuration.seconds() - total) / kUnits[rank].seconds) {
      return Bad("duration \"" + std::string(text) + "\" is too large", static_cast<int>(start) + 1,
                 "durations are at most 365000d (1000 years)");
    }
    total += value * kUnits[rank].seconds;
    ++i;
  }
  return Duration::Seconds(total);
}

}  // namespace rekey
