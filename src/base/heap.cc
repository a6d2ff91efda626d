#include "rekey/base/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "rekey/base/page_buffer.h"

namespace rekey {
namespace {

// glibc refuses an mmap threshold above 32 MiB (HEAP_MAX_SIZE / 2).
constexpr int kMmapThreshold = 32 << 20;
constexpr std::size_t kPage = 4096;
constexpr int kDefaultTopPad = 128 << 10;  // glibc's DEFAULT_TOP_PAD

}  // namespace

void PrepareHeapForBatchRun(std::size_t reserve_bytes) {
  // Freed memory stays in the heap for reuse instead of being returned and
  // faulted in again; blocks up to 32 MiB (the report, the file text) too.
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, INT32_MAX);
  // Worker threads keep their own arenas (4 KiB pages): with one arena for
  // all, two threads parsing YAML (yaml-cpp allocates per token) waited on
  // its lock, and the 10,000-key check took 813 ms instead of 537 ms.
  // Grow the heap by `reserve_bytes` now: a block just larger than the free
  // top makes malloc extend the heap by the block plus M_TOP_PAD, and freeing
  // it gives it all back to the top. Only two chunk headers are written, so
  // the range is still untouched when it is marked for huge pages (a 2 MiB
  // range with a 4 KiB page already in it is never backed by a huge page).
  char* const before = static_cast<char*>(sbrk(0));
  const std::size_t top = mallinfo2().keepcost;
  mallopt(M_TOP_PAD, static_cast<int>(reserve_bytes));
  void* volatile block = std::malloc(top + kPage);  // volatile: the compiler may drop a malloc/free pair
  std::free(block);
  mallopt(M_TOP_PAD, kDefaultTopPad);
  char* const after = static_cast<char*>(sbrk(0));
  const std::uintptr_t from = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t to = reinterpret_cast<std::uintptr_t>(after) & ~(kHugePage - 1);
  if (before == reinterpret_cast<char*>(-1) || after == reinterpret_cast<char*>(-1) || to <= from) return;
  madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);  // advice: failure changes nothing
}

void PrepareHeapForThreads(std::size_t arena_bytes) {
  // A new arena's first heap is sized to the request plus M_TOP_PAD (glibc
  // caps it at its 64 MiB heap size); no trimming keeps it that size.
  mallopt(M_TOP_PAD, static_cast<int>(arena_bytes));
  mallopt(M_TRIM_THRESHOLD, INT32_MAX);
}

}  // namespace rekey
