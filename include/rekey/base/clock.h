// Clock: where "now" comes from. Commands take `--now` and hand a FixedClock to
// the libraries so output is reproducible; SystemClock reads the real time.
//
// Thread-safety: both implementations are safe to share.
//
//   FixedClock clock(*ParseRfc3339("2026-11-25T00:00:00Z"));
//   Evaluate(model, policy, clock.Now());
#ifndef REKEY_BASE_CLOCK_H_
#define REKEY_BASE_CLOCK_H_

#include "rekey/base/timestamp.h"

namespace rekey {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }

 private:
  Timestamp now_;
};

}  // namespace rekey

#endif  // REKEY_BASE_CLOCK_H_
