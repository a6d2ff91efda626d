// Private to the cron module: the parser behind ParseCron and the field-level
// helpers shared by the posix (cron_parser.cc) and AWS (aws_parser.cc) halves.
#ifndef REKEY_SRC_CRON_CRON_PARSER_H_
#define REKEY_SRC_CRON_CRON_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/cron/cron_expr.h"

namespace rekey {

// One whitespace-separated piece of the input and its 1-based byte column.
struct Token {
  std::string_view text;
  int column = 0;
};

// What one cron field accepts. Value v sets bit (v - bit_base) % bit_mod, which
// folds posix day-of-week 7 onto 0 and shifts AWS day-of-week 1-7 to 0-6.
struct FieldSpec {
  std::string_view name;  // "day-of-month", used in messages
  int lo = 0;
  int hi = 0;
  int bit_base = 0;
  int bit_mod = 64;
  const std::string_view* names = nullptr;  // upper-case 3-letter names, or null
  int name_count = 0;
  int first_name_value = 0;  // value of names[0]
  std::string_view accepts;  // the hint: what the field takes
};

extern const FieldSpec kMinuteField;
extern const FieldSpec kHourField;
extern const FieldSpec kDomField;
extern const FieldSpec kMonthField;
extern const FieldSpec kPosixDowField;
extern const FieldSpec kAwsDomField;
extern const FieldSpec kAwsDowField;

// Splits on spaces and tabs; `base_column` is the column of text[0].
std::vector<Token> SplitFields(std::string_view text, int base_column);

// A set-valued field: `*`, values, lists, ranges, steps. Returns the bit mask.
Result<uint64_t> ParseSetField(const Token& field, const FieldSpec& spec);

// A single value: a decimal number or (when the field has names) a name.
Result<int> ParseFieldValue(const Token& value, const FieldSpec& spec);

Error FieldError(const FieldSpec& spec, int column, std::string message);

std::string Upper(std::string_view text);  // ASCII only; names and units are ASCII
std::string Lower(std::string_view text);

class CronParser {
 public:
  CronParser(std::string_view text, CronDialect dialect);
  Result<CronExpr> Parse();

 private:
  Result<CronExpr> ParsePosix(std::string_view body, int base_column);
  Result<CronExpr> ParseMacro(const Token& macro);
  Status ParsePosixDayFields(const Token& dom, const Token& dow);

  // aws_parser.cc
  Result<CronExpr> ParseAws(const Token& body);
  Result<CronExpr> ParseAwsCron(std::string_view inner, int base_column, int close_column);
  Result<CronExpr> ParseRate(std::string_view inner, int base_column, int close_column);
  Status ParseAwsDom(const Token& dom);
  Status ParseAwsDow(const Token& dow);

  std::string_view text_;
  CronExpr expr_;
};

}  // namespace rekey

#endif  // REKEY_SRC_CRON_CRON_PARSER_H_
