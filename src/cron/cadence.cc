// AnalyzeCadence: one pass over the fires in the horizon.
#include "rekey/cron/cadence.h"

#include <optional>

#include "cron/fire_cursor.h"

namespace rekey {

Cadence AnalyzeCadence(const CronExpr& expr, const Zone& zone, Timestamp from, Duration horizon) {
  Cadence out;
  FireCursor cursor(expr, zone, FireCursor::AfterFor(expr, from), from + horizon);
  Timestamp previous;
  while (std::optional<Fire> fire = cursor.Next()) {
    if (out.fire_count == 0) {
      out.first_fire = fire->at;
    } else {
      const Duration gap = fire->at - previous;
      if (out.fire_count == 1 || gap < out.min_gap) out.min_gap = gap;
      // Strictly greater: the earliest of equal largest gaps is reported.
      if (out.fire_count == 1 || gap > out.max_gap) {
        out.max_gap = gap;
        out.max_gap_start = previous;
      }
    }
    if (fire->dst != Fire::Dst::kNone) out.dst_fires.push_back(*fire);
    previous = fire->at;
    ++out.fire_count;
  }
  out.fires = out.fire_count > 0;
  return out;
}

}  // namespace rekey
