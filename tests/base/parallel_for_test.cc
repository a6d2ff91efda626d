#include "rekey/base/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace rekey {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceWithStableWorkers) {
  for (unsigned threads : {1u, 3u, 16u}) {
    std::vector<std::atomic<int>> hits(1000);
    std::vector<std::atomic<int>> per_worker(threads);
    ParallelFor(hits.size(), threads, [&](unsigned worker, std::size_t i) {
      ASSERT_LT(worker, threads);
      ++hits[i];
      ++per_worker[worker];
    });
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  }
}

TEST(ParallelFor, ZeroItemsAndResolvedThreads) {
  ParallelFor(0, 4, [](unsigned, std::size_t) { FAIL(); });
  EXPECT_EQ(ResolveThreadCount(3), 3u);
  EXPECT_GE(ResolveThreadCount(0), 1u);
}

}  // namespace
}  // namespace rekey
