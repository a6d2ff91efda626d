// Fuzz target: the RFC 3339 / date parsers (rekey/base/timestamp.h). A parsed
// instant prints as RFC 3339 and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rekey/base/timestamp.h"

namespace {

void RoundTrip(const rekey::Result<rekey::Timestamp>& t) {
  if (!t) {
    if (t.error().message.empty()) std::abort();
    return;
  }
  const std::string printed = t->ToRfc3339();
  rekey::Result<rekey::Timestamp> again = rekey::ParseRfc3339(printed);
  if (!again || *again != *t) std::abort();
  (void)t->ToDate();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  RoundTrip(rekey::ParseRfc3339(text));
  RoundTrip(rekey::ParseDateOrTimestamp(text));
  return 0;
}
