// Private to the cron module: local wall time <-> UTC for one Zone, applying
// rekey's DST rules (gap -> first instant after it, repeated -> first occurrence).
// Caches the current UTC-offset period, so walking a schedule costs one tz
// lookup per transition instead of one per candidate time.
//
// Thread-safety: not synchronized (the cache); one mapper per computation.
#ifndef REKEY_SRC_CRON_ZONE_MAPPER_H_
#define REKEY_SRC_CRON_ZONE_MAPPER_H_

#include <cstdint>

#include "rekey/cron/next_fire.h"
#include "rekey/cron/zone.h"

namespace rekey {

class ZoneMapper {
 public:
  explicit ZoneMapper(const Zone& zone) : rep_(zone.rep_.get()) {}

  struct Resolved {
    int64_t utc = 0;  // unix seconds
    Fire::Dst dst = Fire::Dst::kNone;
  };

  // `local` is seconds since 1970-01-01T00:00 local wall time.
  Resolved FromLocal(int64_t local);
  int64_t ToLocal(int64_t utc);

 private:
  void Remember(int64_t begin, int64_t end, int64_t offset);

  const ZoneRep* rep_;  // null for UTC
  // The last offset period seen, in UTC seconds [begin_, end_).
  int64_t begin_ = 0;
  int64_t end_ = 0;
  int64_t offset_ = 0;
};

}  // namespace rekey

#endif  // REKEY_SRC_CRON_ZONE_MAPPER_H_
