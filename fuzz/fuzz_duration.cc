// Fuzz target: the duration parser (rekey/base/duration.h). Any text either
// parses or comes back as an Error; a parsed duration is non-negative and
// survives its canonical form (ParseDuration(d.ToString()) == d).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rekey/base/duration.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rekey::Result<rekey::Duration> d = rekey::ParseDuration(text);
  if (!d) {
    if (d.error().message.empty() || d.error().column < 1) std::abort();
    return 0;
  }
  if (d->seconds() < 0) std::abort();
  rekey::Result<rekey::Duration> again = rekey::ParseDuration(d->ToString());
  if (!again || *again != *d) std::abort();
  (void)d->Scaled(1.5);
  return 0;
}
