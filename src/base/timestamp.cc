#include "rekey/base/timestamp.h"

#include <cctype>
#include <cstdio>

namespace rekey {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime CivilFromUnixSeconds(int64_t seconds) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

int64_t UnixSecondsFromCivil(const CivilTime& c) {
  return DaysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 4) % 7); }

std::string Timestamp::ToRfc3339() const {
  const CivilTime c = CivilFromUnixSeconds(seconds_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

std::string Timestamp::ToDate() const { return ToRfc3339().substr(0, 10); }

namespace {

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62167219200;
constexpr int64_t kMaxSeconds = 253402300799;

constexpr char kRfc3339Hint[] = "use RFC 3339, e.g. 2026-11-01T02:00:00Z or 2026-11-01T04:00:00+02:00";

// Reads exactly `width` digits at `pos`; returns -1 when they are not digits.
int Digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Error Bad(std::string_view text, size_t pos, std::string what) {
  return Error{"invalid timestamp \"" + std::string(text) + "\": " + what, kRfc3339Hint, static_cast<int>(pos) + 1};
}

Result<CivilTime> ParseDate(std::string_view text) {
  CivilTime c;
  c.year = Digits(text, 0, 4);
  if (c.year < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-') {
    return Bad(text, 0, "expected YYYY-MM-DD");
  }
  c.month = Digits(text, 5, 2);
  if (c.month < 1 || c.month > 12) return Bad(text, 5, "month out of range");
  c.day = Digits(text, 8, 2);
  if (c.day < 1 || c.day > DaysInMonth(c.year, c.month)) return Bad(text, 8, "day out of range");
  return c;
}

}  // namespace

Result<Timestamp> ParseRfc3339(std::string_view text) {
  Result<CivilTime> date = ParseDate(text);
  if (!date) return date.error();
  CivilTime c = *date;
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return Bad(text, 10, "expected 'T' and a time after the date");
  }
  c.hour = Digits(text, 11, 2);
  c.minute = Digits(text, 14, 2);
  c.second = Digits(text, 17, 2);
  if (c.hour < 0 || c.hour > 23 || text[13] != ':') return Bad(text, 11, "invalid hour");
  if (c.minute < 0 || c.minute > 59 || text[16] != ':') return Bad(text, 14, "invalid minute");
  if (c.second < 0 || c.second > 60) return Bad(text, 17, "invalid second");
  if (c.second == 60) c.second = 59;  // leap second: clamp, one-second resolution
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t digits_start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == digits_start) return Bad(text, pos, "expected digits after '.'");
  }
  if (pos >= text.size()) return Bad(text, pos, "missing time zone offset ('Z' or +HH:MM)");
  int64_t offset = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '+' ? 1 : -1;
    const int oh = Digits(text, pos + 1, 2);
    const int om = Digits(text, pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || pos + 3 >= text.size() || text[pos + 3] != ':') {
      return Bad(text, pos, "invalid offset, expected +HH:MM");
    }
    offset = sign * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return Bad(text, pos, "expected 'Z' or +HH:MM");
  }
  if (pos != text.size()) return Bad(text, pos, "unexpected text after the time zone");
  // The offset may carry 0000-01-01 or 9999-12-31 out of four-digit years, where
  // the instant could not be printed back as RFC 3339.
  const int64_t seconds = UnixSecondsFromCivil(c) - offset;
  if (seconds < kMinSeconds || seconds > kMaxSeconds) return Bad(text, 0, "outside years 0000-9999 in UTC");
  return Timestamp::FromUnixSeconds(seconds);
}

Result<Timestamp> ParseDateOrTimestamp(std::string_view text) {
  if (text.size() == 10) {
    Result<CivilTime> date = ParseDate(text);
    if (!date) return date.error();
    return Timestamp::FromUnixSeconds(UnixSecondsFromCivil(*date));
  }
  return ParseRfc3339(text);
}

}  // namespace rekey
