// Heap settings for a short batch run that allocates a lot (`rekey check` on
// a 10,000-key model touches ~100 MB, most of it in small blocks).
//
// On virtual machines first-touching memory is dear: on the project's VM
// 128 MiB cost 340 ms in 4 KiB pages and 210 ms in huge pages. This makes
// malloc keep what is freed (no trimming, no mmap per large block), reserves
// the main heap in one step and asks for transparent huge pages on it (THP
// mode "madvise" applies them only where asked). Only address space is
// reserved: untouched pages cost nothing. Worker threads keep arenas of their
// own (sharing one lock cost more than their 4 KiB pages).
//
// Thread-safety: call before any thread starts; affects the whole process.
//
//   PrepareHeapForBatchRun(256 << 20);
#ifndef REKEY_BASE_HEAP_H_
#define REKEY_BASE_HEAP_H_

#include <cstddef>

namespace rekey {

void PrepareHeapForBatchRun(std::size_t reserve_bytes);

// For runs whose worker threads allocate (a scan: RE2 compiles and runs its
// programs on the thread that first needs them): each thread's malloc arena
// starts with `arena_bytes` of address space opened in one step, and freed
// memory is kept. glibc otherwise grows a thread's arena by one mprotect for
// each allocation that reaches past its end: 1,600 system calls in a scan of
// the bench corpus, ~3.5 % of its wall time. Untouched pages cost nothing.
//
// Thread-safety: call before the threads start; affects the whole process.
void PrepareHeapForThreads(std::size_t arena_bytes);

}  // namespace rekey

#endif  // REKEY_BASE_HEAP_H_
