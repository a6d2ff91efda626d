#include "rekey/base/parallel_for.h"

#include <atomic>
#include <thread>
#include <vector>

namespace rekey {

unsigned ResolveThreadCount(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

void ParallelFor(std::size_t count, unsigned threads,
                 const std::function<void(unsigned worker, std::size_t index)>& work) {
  if (threads == 0) threads = 1;
  if (threads > count) threads = count == 0 ? 1 : static_cast<unsigned>(count);
  std::atomic<std::size_t> next{0};
  auto drain = [&](unsigned worker) {
    for (std::size_t i = next.fetch_add(1, std::memory_order_relaxed); i < count;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      work(worker, i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned worker = 1; worker < threads; ++worker) pool.emplace_back(drain, worker);
  drain(0);
  for (std::thread& thread : pool) thread.join();
}

}  // namespace rekey
