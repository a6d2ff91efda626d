// Fuzz target: the cron parser in both dialects (rekey/cron/cron_expr.h) and
// what runs on every parsed expression: Describe, NextFire, FiresBetween and
// AnalyzeCadence, in UTC and in zones with DST (including a 30-minute one).
//
// Input: byte 0 chooses the dialect (bit 0: aws) and the zone (bits 1-2); the
// rest is the expression. With bit 3 set, the expression is instead a zone
// name for Zone::Load.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "rekey/cron/cron.h"

namespace {

const std::vector<rekey::Zone>& Zones() {
  static const std::vector<rekey::Zone> zones = [] {
    std::vector<rekey::Zone> out = {rekey::Zone::Utc()};
    for (const char* name : {"America/New_York", "Europe/Berlin", "Australia/Lord_Howe"}) {
      rekey::Result<rekey::Zone> zone = rekey::Zone::Load(name);
      if (!zone) std::abort();
      out.push_back(*zone);
    }
    return out;
  }();
  return zones;
}

void Exercise(const rekey::CronExpr& expr, const rekey::Zone& zone) {
  (void)expr.Describe();
  const rekey::Timestamp from = rekey::Timestamp::FromUnixSeconds(1795651200);  // 2026-11-25T00:00:00Z
  std::optional<rekey::Fire> next = rekey::NextFire(expr, zone, from);
  if (next && next->at <= from) std::abort();
  // A bounded range: a minutely expression gives ~45,000 fires in a month.
  const std::vector<rekey::Fire> fires = rekey::FiresBetween(expr, zone, from, from + rekey::Duration::Days(31));
  for (size_t i = 1; i < fires.size(); ++i) {
    if (fires[i].at <= fires[i - 1].at) std::abort();
  }
  // NextFire and FiresBetween agree on the first fire strictly after `from`.
  for (const rekey::Fire& fire : fires) {
    if (fire.at <= from) continue;
    if (!next || next->at != fire.at) std::abort();
    break;
  }
  const rekey::Cadence cadence = rekey::AnalyzeCadence(expr, zone, from, rekey::Duration::Days(31));
  if (cadence.fires != !fires.empty()) std::abort();
  if (cadence.fires) (void)zone.FormatLocal(cadence.first_fire);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t control = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (control & 8) {
    rekey::Result<rekey::Zone> zone = rekey::Zone::Load(text);
    if (zone) (void)zone->FormatLocal(rekey::Timestamp::FromUnixSeconds(1795651200));
    return 0;
  }
  const rekey::CronDialect dialect = (control & 1) ? rekey::CronDialect::kAws : rekey::CronDialect::kPosix;
  rekey::Result<rekey::CronExpr> expr = rekey::ParseCron(text, dialect);
  if (!expr) {
    if (expr.error().message.empty()) std::abort();
    return 0;
  }
  Exercise(*expr, Zones()[(control >> 1) & 3]);
  return 0;
}
