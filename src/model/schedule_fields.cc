// Schedule sub-records: maintenance windows, blackouts, verification.
#include "model/schedule_fields.h"

#include <cctype>
#include <sstream>

#include "rekey/base/text.h"
#include "yaml/map_reader.h"

namespace rekey {
namespace {

const std::vector<std::string> kVerifyMethods = {"provider-last-used", "metrics", "manual"};

// "Mon-Fri", "Sat,Sun", "mon" -> weekday bits (bit 0 = Sunday); 0 on error.
uint8_t ParseDays(const std::string& text) {
  static const char* kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  auto day = [](std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int i = 0; i < 7; ++i) {
      if (name == kNames[i]) return i;
    }
    return -1;
  };
  uint8_t bits = 0;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    const size_t dash = part.find('-');
    const int a = day(part.substr(0, dash));
    const int b = dash == std::string::npos ? a : day(part.substr(dash + 1));
    if (a < 0 || b < 0) return 0;
    for (int d = a;; d = (d + 1) % 7) {
      bits |= static_cast<uint8_t>(1u << d);
      if (d == b) break;
    }
  }
  return bits;
}

// "HH:MM" -> minutes after midnight ("24:00" allowed as an end); -1 on error.
int ParseClock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4]))) {
    return -1;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

std::vector<TimeWindow> LoadWindows(const YamlNode* list, const std::string& path, Diagnostics& diags) {
  std::vector<TimeWindow> out;
  if (list == nullptr) return out;
  if (!list->is_sequence()) {
    diags.Error(list->Loc(path), "RK-YAML-006", "windows must be a list of {days, start, end}");
    return out;
  }
  for (const YamlNode& item : list->items) {
    MapReader r(item, path, "window", {"days", "start", "end"}, diags);
    TimeWindow w;
    w.loc = r.loc();
    if (std::optional<std::string> days = r.String("days", Required::kNo)) {
      w.days = ParseDays(*days);
      if (w.days == 0) {
        diags.Error(r.LocOf("days"), "RK-YAML-007", "days " + Quote(*days) + " is not a list of weekdays",
                    "write e.g. Mon-Fri, Sat,Sun or Sun");
      }
    }
    std::optional<std::string> start = r.String("start", Required::kYes);
    std::optional<std::string> end = r.String("end", Required::kYes);
    w.start_minute = start ? ParseClock(*start) : 0;
    w.end_minute = end ? ParseClock(*end) : 0;
    for (const auto& [field, value] : {std::pair{"start", w.start_minute}, std::pair{"end", w.end_minute}}) {
      if (value < 0)
        diags.Error(r.LocOf(field), "RK-YAML-007", std::string(field) + " of window must be HH:MM", "e.g. 01:00");
    }
    out.push_back(w);
  }
  return out;
}

std::optional<Verify> LoadVerify(const YamlNode& node, const std::string& path, Diagnostics& diags) {
  MapReader r(node, path, "verify", {"method", "timeout", "query", "expect", "prometheus"}, diags);
  if (!r.is_map()) return std::nullopt;
  Verify verify;
  std::optional<size_t> method = r.Enum("method", kVerifyMethods, Required::kYes);
  if (!method) return std::nullopt;
  verify.method = static_cast<VerifyMethod>(*method);
  verify.timeout = r.DurationValue("timeout", Required::kNo);
  verify.query = r.String("query", Required::kNo).value_or("");
  verify.expect = r.String("expect", Required::kNo).value_or(verify.expect);
  verify.prometheus = r.Url("prometheus", Required::kNo).value_or("");
  return verify;
}

std::vector<Blackout> LoadBlackouts(const YamlNode* list, const std::string& path, Diagnostics& diags) {
  std::vector<Blackout> out;
  if (list == nullptr) return out;
  if (!list->is_sequence()) {
    diags.Error(list->Loc(path), "RK-YAML-006", "blackouts must be a list of {from, until, reason}");
    return out;
  }
  for (const YamlNode& item : list->items) {
    MapReader r(item, path, "blackout", {"from", "until", "reason"}, diags);
    std::optional<Timestamp> from = r.TimestampValue("from", Required::kYes);
    std::optional<Timestamp> until = r.TimestampValue("until", Required::kYes);
    if (from && until) out.push_back({*from, *until, r.String("reason", Required::kNo).value_or(""), r.loc()});
  }
  return out;
}

}  // namespace rekey
