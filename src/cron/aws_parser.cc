// The AWS Secrets Manager dialect: cron(min hour dom month dow year) and
// rate(N hours|days), with Secrets Manager's extra limits (research/rotation.md
// §0, §1.1): minute 0, year *, rate between 4 hours and 999 days.
#include <cctype>
#include <string>

#include "cron/cron_parser.h"

namespace rekey {
namespace {

constexpr char kAwsShape[] =
    "AWS schedules are cron(minute hour day-of-month month day-of-week year) or "
    "rate(N hours|days), e.g. cron(0 2 1 * ? *) or rate(30 days)";
constexpr char kRateLimits[] = "Secrets Manager accepts rate(4 hours) up to rate(999 days)";
constexpr int64_t kMinRateHours = 4;
constexpr int64_t kMaxRateDays = 999;

bool AllDigits(std::string_view text) {
  if (text.empty() || text.size() > 6) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

Result<CronExpr> CronParser::ParseAws(const Token& body) {
  const bool is_cron = body.text.substr(0, 5) == "cron(";
  const bool is_rate = body.text.substr(0, 5) == "rate(";
  if (!is_cron && !is_rate) {
    std::string hint = kAwsShape;
    if (body.text[0] == '@' || SplitFields(body.text, 1).size() == 5) {
      hint += "; for a 5-field expression or a macro set `dialect: posix`";
    }
    return Error{"expected cron(...) or rate(...)", hint, body.column};
  }
  if (body.text.back() != ')') {
    return Error{"missing closing parenthesis", kAwsShape, body.column + static_cast<int>(body.text.size())};
  }
  const std::string_view inner = body.text.substr(5, body.text.size() - 6);
  const int close_column = body.column + static_cast<int>(body.text.size()) - 1;
  if (is_rate) return ParseRate(inner, body.column + 5, close_column);
  return ParseAwsCron(inner, body.column + 5, close_column);
}

Result<CronExpr> CronParser::ParseAwsCron(std::string_view inner, int base_column, int close_column) {
  const std::vector<Token> f = SplitFields(inner, base_column);
  if (f.size() != 6) {
    const int column = f.size() > 6 ? f[6].column : close_column;
    return Error{"expected 6 fields in cron(...), got " + std::to_string(f.size()), kAwsShape, column};
  }
  if (f[0].text != "0") {
    return Error{"minute must be 0 in AWS Secrets Manager schedules",
                 "rotation windows open on the hour: write 0 and choose the hour", f[0].column};
  }
  Result<uint64_t> hours = ParseSetField(f[1], kHourField);
  if (!hours) return hours.error();
  if (Status dom = ParseAwsDom(f[2]); !dom) return dom.error();
  Result<uint64_t> months = ParseSetField(f[3], kMonthField);
  if (!months) return months.error();
  if (Status dow = ParseAwsDow(f[4]); !dow) return dow.error();
  if (f[5].text != "*") {
    return Error{"year must be * in AWS Secrets Manager schedules", "a rotation schedule repeats every year; write *",
                 f[5].column};
  }
  const bool dom_q = f[2].text == "?";
  const bool dow_q = f[4].text == "?";
  if (dom_q == dow_q) {
    return Error{dom_q ? "? may stand in only one of day-of-month and day-of-week"
                       : "AWS cron needs ? in day-of-month or day-of-week",
                 "e.g. cron(0 2 1 * ? *) for day 1, cron(0 2 ? * MON *) for Mondays", f[4].column};
  }
  expr_.minutes_ = 1;
  expr_.hours_ = static_cast<uint32_t>(*hours);
  expr_.months_ = static_cast<uint16_t>(*months);
  return expr_;
}

Status CronParser::ParseAwsDom(const Token& dom) {
  const std::string upper = Upper(dom.text);
  expr_.dom_any_ = dom.text == "?" || dom.text == "*";
  expr_.dom_ = 0xFFFFFFFEu;  // days 1-31, refined below for a set
  if (dom.text == "?") return Ok{};
  if (upper == "L" || upper == "LW") {
    expr_.dom_rule_ = upper == "L" ? CronExpr::DomRule::kLastDay : CronExpr::DomRule::kLastWeekday;
    return Ok{};
  }
  if (upper.size() > 1 && upper.back() == 'W' && AllDigits(dom.text.substr(0, dom.text.size() - 1))) {
    Result<int> day = ParseFieldValue({dom.text.substr(0, dom.text.size() - 1), dom.column}, kAwsDomField);
    if (!day) return day.error();
    expr_.dom_rule_ = CronExpr::DomRule::kNearestWeekday;
    expr_.dom_arg_ = *day;
    return Ok{};
  }
  if (upper.find_first_of("LW") != std::string::npos) {
    return FieldError(kAwsDomField, dom.column, "L and W stand alone: L, LW or a single day like 15W");
  }
  Result<uint64_t> bits = ParseSetField(dom, kAwsDomField);
  if (!bits) return bits.error();
  expr_.dom_ = static_cast<uint32_t>(*bits);
  return Ok{};
}

Status CronParser::ParseAwsDow(const Token& dow) {
  const std::string upper = Upper(dow.text);
  expr_.dow_any_ = dow.text == "?" || dow.text == "*";
  expr_.dow_ = 0x7F;
  if (dow.text == "?") return Ok{};
  if (upper == "L") {  // Quartz: L alone is the last day of the week, Saturday
    expr_.dow_ = 1 << 6;
    return Ok{};
  }
  const size_t hash = dow.text.find('#');
  if (hash != std::string_view::npos || (upper.size() > 1 && upper.back() == 'L')) {
    const size_t end = hash != std::string_view::npos ? hash : dow.text.size() - 1;
    Result<int> weekday = ParseFieldValue({dow.text.substr(0, end), dow.column}, kAwsDowField);
    if (!weekday) return weekday.error();
    expr_.dow_weekday_ = *weekday - 1;
    if (hash == std::string_view::npos) {
      expr_.dow_rule_ = CronExpr::DowRule::kLastOfMonth;
      return Ok{};
    }
    const std::string_view nth = dow.text.substr(hash + 1);
    if (nth.size() != 1 || nth[0] < '1' || nth[0] > '5') {
      return FieldError(kAwsDowField, dow.column + static_cast<int>(hash) + 1,
                        "occurrence \"" + std::string(nth) + "\" after # out of range 1-5");
    }
    expr_.dow_rule_ = CronExpr::DowRule::kNth;
    expr_.dow_nth_ = nth[0] - '0';
    return Ok{};
  }
  Result<uint64_t> bits = ParseSetField(dow, kAwsDowField);
  if (!bits) return bits.error();
  expr_.dow_ = static_cast<uint8_t>(*bits);
  return Ok{};
}

Result<CronExpr> CronParser::ParseRate(std::string_view inner, int base_column, int close_column) {
  const std::vector<Token> w = SplitFields(inner, base_column);
  if (w.size() != 2) {
    const int column = w.size() > 2 ? w[2].column : close_column;
    return Error{"rate(...) takes a number and a unit", "e.g. rate(30 days) or rate(12 hours)", column};
  }
  if (!AllDigits(w[0].text) || std::stoll(std::string(w[0].text)) == 0) {
    return Error{"rate value \"" + std::string(w[0].text) + "\" is not a positive whole number", kRateLimits,
                 w[0].column};
  }
  const int64_t n = std::stoll(std::string(w[0].text));
  const std::string unit = Lower(w[1].text);
  const bool hours = unit == "hour" || unit == "hours";
  if (!hours && unit != "day" && unit != "days") {
    const bool minutes = unit == "minute" || unit == "minutes";
    return Error{minutes ? "rate in minutes is not accepted: Secrets Manager rotates at most every 4 hours"
                         : "unknown rate unit \"" + std::string(w[1].text) + "\"",
                 "units are hours or days; " + std::string(kRateLimits), w[1].column};
  }
  const Duration period = hours ? Duration::Hours(n) : Duration::Days(n);
  if (period < Duration::Hours(kMinRateHours)) {
    return Error{"rate(" + std::string(inner) + ") is shorter than the AWS minimum of 4 hours", kRateLimits,
                 w[0].column};
  }
  if (period > Duration::Days(kMaxRateDays)) {
    return Error{"rate(" + std::string(inner) + ") is longer than the AWS maximum of 999 days", kRateLimits,
                 w[0].column};
  }
  expr_.kind_ = CronExpr::Kind::kRate;
  expr_.rate_ = period;
  return expr_;
}

}  // namespace rekey
