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
  int64_t rest = seconds_ < 0 ? -seconds_ : seconds_;
  // Weeks only when the whole value is whole weeks: "14d" reads better than "2w" mixed.
  for (const Unit& unit : kUnits) {
    if (unit.symbol == 'w' && rest % unit.seconds != 0) continue;
    if (rest >= unit.seconds) {
      out += std::to_string(rest / unit.seconds) + unit.symbol;
      rest %= unit.seconds;
    }
  }
  return out;
}

Duration Duration::Scaled(double factor) const {
  return Duration(static_cast<int64_t>(std::trunc(static_cast<double>(seconds_) * factor)));
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
        return Bad("duration \"" + std::string(text) + "\" is too large", static_cast<int>(start) + 1);
      }
      value = value * 10 + digit;
      ++i;
    }
    if (i == start) {
      return Bad("expected a number at \"" + std::string(text.substr(i)) + "\" in duration \"" +
                     std::string(text) + "\"",
                 static_cast<int>(i) + 1);
    }
    if (i == text.size()) {
      return Bad("duration \"" + std::string(text) + "\" has a number without a unit",
                 static_cast<int>(i) + 1);
    }
    const char symbol = text[i];
    const bool month_like = text.substr(i, 2) == "mo";
    const int rank = month_like ? -1 : UnitRank(symbol);
    if (rank < 0) {
      std::string hint = kDurationSyntax;
      if (symbol == 'M' || symbol == 'y' || symbol == 'Y' || month_like) {
        hint = "months and years vary in length; use days (30d, 365d). Accepted: " + hint;
      }
      return Bad("unknown unit '" + std::string(1, symbol) + "' in duration \"" + std::string(text) + "\"",
                 static_cast<int>(i) + 1, hint);
    }
    if (rank <= last_rank) {
      return Bad("units in duration \"" + std::string(text) + "\" must be in decreasing order without repeats",
                 static_cast<int>(i) + 1);
    }
    last_rank = rank;
    if (value > std::numeric_limits<int64_t>::max() / kUnits[rank].seconds - total) {
      return Bad("duration \"" + std::string(text) + "\" is too large", static_cast<int>(start) + 1);
    }
    total += value * kUnits[rank].seconds;
    ++i;
  }
  return Duration::Seconds(total);
}

}  // namespace rekey
