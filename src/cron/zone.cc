// Zone: loading IANA zones from the system tzdata through date/tz.h, and
// formatting local times for plans.
#include "rekey/cron/zone.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <optional>
#include <vector>

#include "cron/zone_rep.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Lower-cased, with spaces as underscores: "new york" matches "New_York".
std::string Fold(std::string_view text) {
  std::string out = Lower(text);
  for (char& c : out) c = c == ' ' ? '_' : c;
  return out;
}

std::vector<std::string> AllZoneNames() {
  std::vector<std::string> names;
  try {
    const date::tzdb& db = date::get_tzdb();
    for (const date::time_zone& z : db.zones) names.emplace_back(z.name());
  } catch (const std::exception&) {
    // No tzdata: no suggestions; the caller's error already says what failed.
  }
  return names;
}

// A zone the user probably meant: same name in another case, the same city
// ("New_York" for "America/New_York"), or a near-miss spelling.
std::optional<std::string> SuggestZone(std::string_view wanted) {
  const std::vector<std::string> names = AllZoneNames();
  const std::string folded = Fold(wanted);
  std::vector<std::string> folded_names;
  for (const std::string& name : names) folded_names.push_back(Fold(name));
  for (size_t i = 0; i < names.size(); ++i) {
    if (folded_names[i] == folded) return names[i];
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const size_t slash = folded_names[i].rfind('/');
    if (slash != std::string::npos && folded_names[i].substr(slash + 1) == folded) return names[i];
  }
  std::optional<std::string> close = SuggestClosest(folded, folded_names);
  for (size_t i = 0; close && i < names.size(); ++i) {
    if (folded_names[i] == *close) return names[i];
  }
  return std::nullopt;
}

Error UnknownZone(std::string_view name) {
  std::string hint;
  if (std::optional<std::string> guess = SuggestZone(name)) hint = "did you mean " + *guess + "? ";
  hint += "use an IANA zone name such as UTC, Europe/Berlin or America/New_York (tzdata " + TzdataVersion() + ")";
  return Error{"unknown time zone \"" + std::string(name) + "\"", hint, 0};
}

}  // namespace

Zone Zone::Utc() { return Zone("UTC", nullptr); }

Result<Zone> Zone::Load(std::string_view iana_name) {
  if (iana_name == "UTC" || iana_name == "Etc/UTC") return Utc();
  if (iana_name.empty()) return Error{"empty time zone name", "omit `timezone:` for UTC", 0};
  try {
    return Zone(std::string(iana_name), std::make_shared<const ZoneRep>(LoadZoneRep(iana_name)));
  } catch (const std::exception&) {
    // date reports an unknown name, and a missing tzdata, by throwing.
    return UnknownZone(iana_name);
  }
}

int64_t Zone::OffsetAt(Timestamp t) const { return rep_ == nullptr ? 0 : rep_->Info(t.unix_seconds()).offset.count(); }

std::string Zone::FormatLocal(Timestamp t) const {
  int64_t offset = 0;
  std::string abbrev = "UTC";
  if (rep_ != nullptr) {
    const date::sys_info info = rep_->Info(t.unix_seconds());
    offset = info.offset.count();
    abbrev = info.abbrev;
  }
  const CivilTime c = CivilFromUnixSeconds(t.unix_seconds() + offset);
  const int64_t abs = std::llabs(offset);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                c.second, offset < 0 ? '-' : '+', static_cast<int>(abs / 3600), static_cast<int>(abs % 3600 / 60));
  return std::string(buf) + " " + abbrev;
}

std::string TzdataVersion() {
  try {
    const std::string& version = date::get_tzdb().version;
    if (!version.empty() && version != "unknown") return version;
  } catch (const std::exception&) {
    return "unknown";
  }
  // With the OS database, date only reads a `+VERSION` file, which Debian does
  // not ship; tzdata.zi in the same directory opens with "# version 2025b".
  std::ifstream zi(std::string(kZoneInfoDir) + "/tzdata.zi");
  std::string line;
  if (zi && std::getline(zi, line) && line.rfind("# version ", 0) == 0 && line.size() > 10) {
    return line.substr(10);
  }
  return "unknown";
}

}  // namespace rekey
