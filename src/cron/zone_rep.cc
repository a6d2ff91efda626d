// Loading a zone from the system tzdata: date's zone plus the POSIX rule that
// continues it past the TZif file's last listed transition.
#include "cron/zone_rep.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

namespace rekey {
namespace {

// The POSIX TZ string a TZif v2+ file ends with ("\nEST5EDT,M3.2.0,M11.1.0\n"),
// or "" when there is none.
std::string TzifFooter(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff tail_size = std::min<std::streamoff>(size, 256);
  std::string tail(static_cast<size_t>(tail_size), '\0');
  in.seekg(size - tail_size);
  in.read(tail.data(), tail_size);
  if (tail.size() < 2 || tail.back() != '\n') return "";
  const size_t start = tail.rfind('\n', tail.size() - 2);
  return start == std::string::npos ? "" : tail.substr(start + 1, tail.size() - start - 2);
}

date::sys_info ToDate(const PosixTz::Period& p) {
  date::sys_info info;
  info.begin = date::sys_seconds{std::chrono::seconds{p.begin}};
  info.end = date::sys_seconds{std::chrono::seconds{p.end}};
  info.offset = std::chrono::seconds{p.offset};
  info.save = std::chrono::minutes{0};  // unused by rekey
  info.abbrev = p.abbrev;
  return info;
}

}  // namespace

// date's last period claims to last forever; callers cache periods, so cut it
// where the tail rule takes over.
date::sys_info ZoneRep::EndAtTail(date::sys_info info) const {
  const date::sys_seconds tail_start{std::chrono::seconds{tail_from}};
  if (info.end > tail_start) info.end = tail_start;
  return info;
}

ZoneRep LoadZoneRep(std::string_view name) {
  ZoneRep rep;
  rep.tz = date::locate_zone(name);
  rep.tail = PosixTz::Parse(TzifFooter(std::string(kZoneInfoDir) + "/" + rep.tz->name()));
  if (!rep.tail) return rep;  // no DST rule: the last listed offset holds forever
  // The period date sees as lasting forever starts at the last listed transition.
  constexpr int64_t kYear2200 = 7258118400;
  const date::sys_info last = rep.tz->get_info(date::sys_seconds{std::chrono::seconds{kYear2200}});
  rep.tail_from = last.begin.time_since_epoch().count() + 7 * 86400;
  return rep;
}

date::sys_info ZoneRep::Info(int64_t utc) const {
  if (utc >= tail_from) return ToDate(tail->At(utc));
  return EndAtTail(tz->get_info(date::sys_seconds{std::chrono::seconds{utc}}));
}

date::local_info ZoneRep::LocalInfo(int64_t local) const {
  if (local < tail_from) {
    date::local_info info = tz->get_info(date::local_seconds{std::chrono::seconds{local}});
    info.first = EndAtTail(info.first);
    info.second = EndAtTail(info.second);
    return info;
  }
  const PosixTz::LocalPeriods p = tail->AtLocal(local);
  date::local_info info;
  info.result = p.kind == PosixTz::LocalPeriods::Kind::kUnique ? date::local_info::unique
                : p.kind == PosixTz::LocalPeriods::Kind::kGap  ? date::local_info::nonexistent
                                                               : date::local_info::ambiguous;
  info.first = ToDate(p.first);
  info.second = ToDate(p.second);
  return info;
}

}  // namespace rekey
