// Heap settings for a short batch run that allocates a lot (`rekey check` on
// a 10,000-key model touches ~150 MB, most of it in small blocks).
//
// On virtual machines a page fault can cost ~10 us, so first-touching memory
// 4 KiB at a time cost more than parsing it. This makes malloc keep what is
// freed (no trimming, no mmap per large block), lets the threads share the
// main heap, reserves that heap in one step and asks for transparent huge
// pages on it (THP mode "madvise" applies them only where asked). Only
// address space is reserved: untouched pages cost nothing.
//
// Thread-safety: call before any thread starts; affects the whole process.
//
//   PrepareHeapForBatchRun(256 << 20);
#ifndef REKEY_BASE_HEAP_H_
#define REKEY_BASE_HEAP_H_

#include <cstddef>

namespace rekey {

void PrepareHeapForBatchRun(std::size_t reserve_bytes);

}  // namespace rekey

#endif  // REKEY_BASE_HEAP_H_
