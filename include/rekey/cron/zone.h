// Zone: UTC or an IANA time zone from the system tzdata (/usr/share/zoneinfo),
// the `timezone:` of a rotation schedule. Only IANA names are accepted; rekey
// never reads the TZ environment variable, so results do not depend on the host.
// Past the last transition a zone file lists (2037 in Debian's tzdata) the
// file's closing POSIX rule keeps daylight saving going.
//
// Thread-safety: an immutable value, cheap to copy (a shared pointer into the
// process-wide tz database, which is loaded once and never changes).
// Errors: Load returns an Error for an unknown name, with a did-you-mean hint
// when a zone name is close, or when the tz database cannot be read.
//
//   Result<Zone> ny = Zone::Load("America/New_York");
//   if (!ny) return ny.error();
//   ny->FormatLocal(t);  // "2026-03-08T21:00:00-05:00 EST"
#ifndef REKEY_CRON_ZONE_H_
#define REKEY_CRON_ZONE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "rekey/base/result.h"
#include "rekey/base/timestamp.h"

namespace rekey {

struct ZoneRep;  // src/cron/zone_rep.h; wraps the tz library's zone

class Zone {
 public:
  static Zone Utc();
  // "UTC" and "Etc/UTC" give Utc(); other names are looked up in the tzdata.
  static Result<Zone> Load(std::string_view iana_name);

  const std::string& name() const { return name_; }
  bool is_utc() const { return rep_ == nullptr; }

  // RFC 3339 local time with its offset, then the abbreviation:
  // "2026-03-08T21:00:00-05:00 EST"; UTC gives "2026-03-08T21:00:00+00:00 UTC".
  std::string FormatLocal(Timestamp t) const;
  // The zone's offset from UTC at `t`, in seconds (east positive).
  int64_t OffsetAt(Timestamp t) const;

 private:
  friend class ZoneMapper;  // src/cron/zone_mapper.h converts local <-> UTC

  Zone(std::string name, std::shared_ptr<const ZoneRep> rep) : name_(std::move(name)), rep_(std::move(rep)) {}

  std::string name_;
  std::shared_ptr<const ZoneRep> rep_;  // null for UTC
};

// The tzdata release the zones come from, e.g. "2025b" (recorded in plans),
// or "unknown" when the database cannot be read.
std::string TzdataVersion();

}  // namespace rekey

#endif  // REKEY_CRON_ZONE_H_
