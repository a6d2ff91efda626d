// ParallelFor: runs work items 0..count-1 on `threads` threads that pull the
// next index from a shared counter (big and small files balance themselves).
// Each thread gets a stable worker number so it can keep per-thread scratch
// (a Matcher, a FileReader) in a vector indexed by it. The calling thread is
// worker 0; the call returns when every item is done.
//
// Thread-safety: `work` runs concurrently on different indexes; it must
// synchronize anything it shares beyond its own worker's slot.
//
//   std::vector<Matcher> matchers = ...;  // one per worker
//   ParallelFor(files.size(), threads, [&](unsigned worker, std::size_t i) {
//     matchers[worker].Scan(Read(files[i]), out[i]);
//   });
#ifndef REKEY_BASE_PARALLEL_FOR_H_
#define REKEY_BASE_PARALLEL_FOR_H_

#include <cstddef>
#include <functional>

namespace rekey {

// 0 means one thread per core (std::thread::hardware_concurrency, at least 1).
unsigned ResolveThreadCount(unsigned requested);

void ParallelFor(std::size_t count, unsigned threads,
                 const std::function<void(unsigned worker, std::size_t index)>& work);

}  // namespace rekey

#endif  // REKEY_BASE_PARALLEL_FOR_H_
