// ParseCron: dispatch, the shared field grammar, and the posix dialect.
#include "cron/cron_parser.h"

#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "rekey/base/text.h"

namespace rekey {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct Macro {
  std::string_view name;
  std::string_view expansion;
};
constexpr std::array<Macro, 7> kMacros = {{{"@yearly", "0 0 1 1 *"},
                                           {"@annually", "0 0 1 1 *"},
                                           {"@monthly", "0 0 1 * *"},
                                           {"@weekly", "0 0 * * 0"},
                                           {"@daily", "0 0 * * *"},
                                           {"@midnight", "0 0 * * *"},
                                           {"@hourly", "0 * * * *"}}};

constexpr char kPosixShape[] =
    "a posix schedule has 5 fields: minute hour day-of-month month day-of-week, "
    "e.g. \"0 2 1 * *\", or a macro such as @daily";
constexpr char kAwsOnlyHint[] = "L, W and # are AWS/Quartz extensions; set `dialect: aws` and write cron(...)";

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Sets the bits of lo..hi stepping by `step`, mapped through the field's folding.
uint64_t RangeBits(const FieldSpec& spec, int lo, int hi, int step) {
  uint64_t bits = 0;
  for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << ((v - spec.bit_base) % spec.bit_mod);
  return bits;
}

Result<int> ParseStep(const Token& step, const FieldSpec& spec) {
  const int max_step = spec.hi - spec.lo;
  int value = 0;
  for (char c : step.text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || value > 9999) {
      return FieldError(spec, step.column, "step \"" + std::string(step.text) + "\" is not a number");
    }
    value = value * 10 + (c - '0');
  }
  if (step.text.empty() || value < 1 || value > max_step) {
    // `*/90` in minutes is a classic mistake: steps restart every hour/day.
    return FieldError(spec, step.column,
                      "step " + std::string(step.text) + " out of range 1-" + std::to_string(max_step));
  }
  return value;
}

// One list element: `*`, `v`, `a-b`, each optionally `/step`; `a/n` means a-hi/n.
Result<uint64_t> ParseElement(const Token& elem, const FieldSpec& spec) {
  if (elem.text.empty()) return FieldError(spec, elem.column, "has an empty list element");
  std::string_view range = elem.text;
  int step = 1;
  const size_t slash = elem.text.find('/');
  if (slash != std::string_view::npos) {
    range = elem.text.substr(0, slash);
    Result<int> s = ParseStep({elem.text.substr(slash + 1), elem.column + static_cast<int>(slash) + 1}, spec);
    if (!s) return s.error();
    step = *s;
  }
  if (range == "*") return RangeBits(spec, spec.lo, spec.hi, step);
  const size_t dash = range.find('-');
  Result<int> lo = ParseFieldValue({range.substr(0, dash), elem.column}, spec);
  if (!lo) return lo.error();
  if (dash == std::string_view::npos) {
    return RangeBits(spec, *lo, slash == std::string_view::npos ? *lo : spec.hi, step);
  }
  Result<int> hi = ParseFieldValue({range.substr(dash + 1), elem.column + static_cast<int>(dash) + 1}, spec);
  if (!hi) return hi.error();
  if (*lo > *hi) {
    Error e = FieldError(spec, elem.column, "range " + std::string(range) + " is reversed");
    e.hint = "ranges do not wrap around; write two ranges, e.g. 22-23,0-2";
    return e;
  }
  return RangeBits(spec, *lo, *hi, step);
}

}  // namespace

// clang-format off
const FieldSpec kMinuteField{
    .name = "minute", .lo = 0, .hi = 59,
    .accepts = "minute accepts 0-59 as a value, list (0,30), range (0-29) or step (*/15)"};
const FieldSpec kHourField{
    .name = "hour", .lo = 0, .hi = 23,
    .accepts = "hour accepts 0-23 as a value, list (2,14), range (1-5) or step (*/6)"};
const FieldSpec kDomField{
    .name = "day-of-month", .lo = 1, .hi = 31,
    .accepts = "day-of-month accepts 1-31 as a value, list (1,15), range (1-7) or step (*/2)"};
const FieldSpec kMonthField{
    .name = "month", .lo = 1, .hi = 12,
    .names = kMonthNames.data(), .name_count = 12, .first_name_value = 1,
    .accepts = "month accepts 1-12 or JAN-DEC as a value, list, range or step (*/3)"};
const FieldSpec kPosixDowField{
    .name = "day-of-week", .lo = 0, .hi = 7, .bit_base = 0, .bit_mod = 7,
    .names = kDayNames.data(), .name_count = 7, .first_name_value = 0,
    .accepts = "day-of-week accepts 0-7 (0 and 7 = Sunday) or SUN-SAT as a value, list, "
               "range (MON-FRI) or step"};
const FieldSpec kAwsDomField{
    .name = "day-of-month", .lo = 1, .hi = 31,
    .accepts = "day-of-month accepts 1-31 as a value, list, range or step, or ? (any), "
               "L (last day), LW (last weekday), 15W (weekday nearest the 15th)"};
const FieldSpec kAwsDowField{
    .name = "day-of-week", .lo = 1, .hi = 7, .bit_base = 1, .bit_mod = 7,
    .names = kDayNames.data(), .name_count = 7, .first_name_value = 1,
    .accepts = "day-of-week accepts 1-7 (1 = Sunday) or SUN-SAT as a value, list, range "
               "or step, or ? (any), 6L (last Friday), 2#1 (first Monday)"};
// clang-format on

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error FieldError(const FieldSpec& spec, int column, std::string message) {
  return Error{std::string(spec.name) + " " + message, std::string(spec.accepts), column};
}

std::vector<Token> SplitFields(std::string_view text, int base_column) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    if (IsBlank(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && !IsBlank(text[i])) ++i;
    out.push_back({text.substr(start, i - start), base_column + static_cast<int>(start)});
  }
  return out;
}

Result<int> ParseFieldValue(const Token& value, const FieldSpec& spec) {
  const std::string shown(value.text);
  if (value.text.empty()) return FieldError(spec, value.column, "is missing a value");
  if (std::isdigit(static_cast<unsigned char>(value.text[0]))) {
    int v = 0;
    for (char c : value.text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || v > 9999) {
        return FieldError(spec, value.column, "has an invalid value \"" + shown + "\"");
      }
      v = v * 10 + (c - '0');
    }
    if (v < spec.lo || v > spec.hi) {
      return FieldError(spec, value.column,
                        "value " + shown + " out of range " + std::to_string(spec.lo) + "-" + std::to_string(spec.hi));
    }
    return v;
  }
  const std::string upper = Upper(value.text);
  for (int i = 0; i < spec.name_count; ++i) {
    if (spec.names[i] == upper) return spec.first_name_value + i;
  }
  return FieldError(spec, value.column, "has an invalid value \"" + shown + "\"");
}

Result<uint64_t> ParseSetField(const Token& field, const FieldSpec& spec) {
  uint64_t bits = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = field.text.find(',', start);
    const size_t len = comma == std::string_view::npos ? std::string_view::npos : comma - start;
    Result<uint64_t> elem = ParseElement({field.text.substr(start, len), field.column + static_cast<int>(start)}, spec);
    if (!elem) return elem.error();
    bits |= *elem;
    if (comma == std::string_view::npos) return bits;
    start = comma + 1;
  }
}

CronParser::CronParser(std::string_view text, CronDialect dialect) : text_(text) {
  expr_.text_ = std::string(text);
  expr_.dialect_ = dialect;
}

Result<CronExpr> CronParser::Parse() {
  const std::vector<Token> words = SplitFields(text_, 1);
  if (words.empty()) return Error{"empty schedule", kPosixShape, 1};
  const Token& first = words.front();
  const std::string head = Upper(first.text);
  if (StartsWith(head, "TZ=") || StartsWith(head, "CRON_TZ=")) {
    // Kubernetes precedent: an in-expression zone hides from reviewers and tools.
    return Error{"time zone prefixes (TZ=, CRON_TZ=) are not supported in a schedule",
                 "put the IANA zone in the schedule's `timezone:` field, e.g. timezone: Europe/Berlin", first.column};
  }
  if (expr_.dialect_ == CronDialect::kAws) {
    const size_t begin = static_cast<size_t>(first.column - 1);
    const Token& last = words.back();
    const size_t end = static_cast<size_t>(last.column - 1) + last.text.size();
    return ParseAws({text_.substr(begin, end - begin), first.column});
  }
  if (StartsWith(first.text, "cron(") || StartsWith(first.text, "rate(")) {
    return Error{"cron(...) and rate(...) are AWS schedule expressions",
                 "set `dialect: aws` on this schedule, or write a 5-field posix expression", first.column};
  }
  if (first.text[0] == '@') {
    if (words.size() > 1) {
      return Error{"a macro takes no fields after it", kPosixShape, words[1].column};
    }
    return ParseMacro(first);
  }
  return ParsePosix(text_, 1);
}

Result<CronExpr> CronParser::ParseMacro(const Token& macro) {
  const std::string lower = Lower(macro.text);
  for (const Macro& m : kMacros) {
    if (m.name == lower) return ParsePosix(m.expansion, macro.column);
  }
  if (lower == "@reboot") {
    return Error{"@reboot is not a schedule: it runs once when a cron daemon starts",
                 "rotation needs a calendar schedule, e.g. @monthly or \"0 2 1 * *\"", macro.column};
  }
  std::vector<std::string> names;
  for (const Macro& m : kMacros) names.emplace_back(m.name);
  std::optional<std::string> guess = SuggestClosest(lower, names);
  std::string hint = guess ? "did you mean " + *guess + "? " : "";
  hint += "macros are @yearly @annually @monthly @weekly @daily @midnight @hourly";
  return Error{"unknown macro \"" + std::string(macro.text) + "\"", hint, macro.column};
}

Result<CronExpr> CronParser::ParsePosix(std::string_view body, int base_column) {
  const std::vector<Token> f = SplitFields(body, base_column);
  if (f.size() != 5) {
    const int column = f.size() > 5 ? f[5].column : static_cast<int>(text_.size()) + 1;
    std::string hint = kPosixShape;
    if (f.size() == 6) hint += "; a leading seconds field (Quartz) is not supported";
    return Error{"expected 5 fields, got " + std::to_string(f.size()), hint, column};
  }
  Result<uint64_t> minutes = ParseSetField(f[0], kMinuteField);
  if (!minutes) return minutes.error();
  Result<uint64_t> hours = ParseSetField(f[1], kHourField);
  if (!hours) return hours.error();
  Result<uint64_t> months = ParseSetField(f[3], kMonthField);
  if (!months) return months.error();
  // Reported in field order, so a bad day-of-month is named before a bad month.
  Status days = ParsePosixDayFields(f[2], f[4]);
  if (!days) return days.error();
  expr_.minutes_ = *minutes;
  expr_.hours_ = static_cast<uint32_t>(*hours);
  expr_.months_ = static_cast<uint16_t>(*months);
  return expr_;
}

Status CronParser::ParsePosixDayFields(const Token& dom, const Token& dow) {
  // `?` is accepted as `*` (Kubernetes and robfig/cron do the same).
  const auto parse = [](const Token& t, const FieldSpec& spec) -> Result<uint64_t> {
    if (t.text == "?") return ParseSetField({"*", t.column}, spec);
    Result<uint64_t> bits = ParseSetField(t, spec);
    if (!bits && t.text.find_first_of("LW#") != std::string_view::npos) {
      Error e = bits.error();
      e.hint = kAwsOnlyHint;
      return e;
    }
    return bits;
  };
  Result<uint64_t> dom_bits = parse(dom, kDomField);
  if (!dom_bits) return dom_bits.error();
  Result<uint64_t> dow_bits = parse(dow, kPosixDowField);
  if (!dow_bits) return dow_bits.error();
  expr_.dom_ = static_cast<uint32_t>(*dom_bits);
  expr_.dow_ = static_cast<uint8_t>(*dow_bits);
  // Only a bare `*` leaves a day field unrestricted (POSIX, robfig/cron as used
  // by Kubernetes and Vault); Vixie also counts `*/2`, we do not.
  expr_.dom_any_ = dom.text == "*" || dom.text == "?";
  expr_.dow_any_ = dow.text == "*" || dow.text == "?";
  return Ok{};
}

Result<CronExpr> ParseCron(std::string_view text, CronDialect dialect) { return CronParser(text, dialect).Parse(); }

}  // namespace rekey
