#include "rekey/base/page_buffer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace rekey {
namespace {

TEST(PageBuffer, GrowingKeepsTheBytesWritten) {
  PageBuffer buffer;
  buffer.Resize(5);
  std::memcpy(buffer.data(), "hello", 5);
  // Past kLargeBlock the storage moves to a huge-page block: the bytes follow.
  buffer.Resize(3 * kLargeBlock + 7);
  EXPECT_EQ(buffer.size(), 3 * kLargeBlock + 7);
  EXPECT_GE(buffer.capacity(), buffer.size());
  EXPECT_EQ(std::string(buffer.data(), 5), "hello");
  buffer.data()[buffer.size() - 1] = 'z';  // the whole block is writable
  buffer.Resize(2);
  EXPECT_EQ(buffer.view(), "he");
}

TEST(PageBuffer, ShrinkingKeepsCapacityForTheNextRead) {
  PageBuffer buffer;
  buffer.Resize(2 * kLargeBlock);
  const char* block = buffer.data();
  buffer.Resize(10);
  buffer.Resize(2 * kLargeBlock);
  EXPECT_EQ(buffer.data(), block);  // reused, not reallocated
}

TEST(PageBuffer, MovesOwnership) {
  PageBuffer a;
  a.Resize(3);
  std::memcpy(a.data(), "abc", 3);
  PageBuffer b = std::move(a);
  EXPECT_EQ(b.view(), "abc");
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(a.data(), nullptr);
  PageBuffer c;
  c.Resize(1);
  c = std::move(b);
  EXPECT_EQ(c.view(), "abc");
}

TEST(AllocateLarge, LargeBlocksAreHugePageAligned) {
  void* small = AllocateLarge(100);
  ASSERT_NE(small, nullptr);
  std::memset(small, 1, 100);
  FreeLarge(small);
  void* large = AllocateLarge(kLargeBlock + 1);
  ASSERT_NE(large, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large) % (std::uintptr_t{2} << 20), 0u);
  std::memset(large, 1, kLargeBlock + 1);
  FreeLarge(large);
  FreeLarge(nullptr);  // like free()
}

}  // namespace
}  // namespace rekey
