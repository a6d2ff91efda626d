// Heap settings: a worker thread's malloc arena opens its address space in one
// step after PrepareHeapForThreads (glibc keeps a thread's heap in a 64 MiB
// aligned reservation and makes it accessible as the arena grows).
#include "rekey/base/heap.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rekey {
namespace {

// The largest read-write private anonymous mapping that starts on a 64 MiB
// boundary: a thread arena's heap (the main heap is "[heap]", below that).
std::uint64_t LargestThreadHeap() {
  std::ifstream maps("/proc/self/maps");
  std::uint64_t largest = 0;
  for (std::string line; std::getline(maps, line);) {
    std::istringstream in(line);
    std::string range, perms, offset, dev, inode, name;
    in >> range >> perms >> offset >> dev >> inode >> name;
    if (perms != "rw-p" || !name.empty() || inode != "0") continue;
    const std::uint64_t from = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    const std::uint64_t to = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    if (from % (64ull << 20) == 0 && to - from > largest) largest = to - from;
  }
  return largest;
}

// In a child process (the settings are process-wide): a thread that
// allocates a little, then the size of its arena's accessible heap.
std::uint64_t ThreadHeapAfter(bool prepare) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (prepare) PrepareHeapForThreads(16 << 20);
    std::uint64_t size = 0;
    std::thread([&] {
      std::vector<void*> blocks;
      for (int i = 0; i < 64; ++i) blocks.push_back(std::malloc(1024));
      size = LargestThreadHeap();
      for (void* b : blocks) std::free(b);
    }).join();
    ::write(fds[1], &size, sizeof size);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::uint64_t size = 0;
  EXPECT_EQ(::read(fds[0], &size, sizeof size), static_cast<ssize_t>(sizeof size));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return size;
}

TEST(Heap, ThreadArenasOpenTheirAddressSpaceInOneStep) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer replaces glibc's malloc";
#endif
  EXPECT_LT(ThreadHeapAfter(false), 1u << 20);  // glibc's default: grown as needed
  EXPECT_GE(ThreadHeapAfter(true), 16u << 20);
}

}  // namespace
}  // namespace rekey
