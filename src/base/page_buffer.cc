#include "rekey/base/page_buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace rekey {
namespace {

std::size_t RoundUp(std::size_t size, std::size_t unit) { return (size + unit - 1) / unit * unit; }

}  // namespace

void* AllocateLarge(std::size_t size) {
  if (size < kLargeBlock) return std::malloc(size == 0 ? 1 : size);
  // aligned_alloc of a block this large is its own mapping, so free() returns
  // it to the kernel and the advice never outlives the block.
  const std::size_t rounded = RoundUp(size, kHugePage);
  void* block = std::aligned_alloc(kHugePage, rounded);
  if (block != nullptr) ::madvise(block, rounded, MADV_HUGEPAGE);  // advice only: failure is harmless
  return block;
}

void FreeLarge(void* block) { std::free(block); }

PageBuffer::~PageBuffer() { FreeLarge(data_); }

PageBuffer::PageBuffer(PageBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

PageBuffer& PageBuffer::operator=(PageBuffer&& other) noexcept {
  if (this != &other) {
    FreeLarge(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void PageBuffer::Resize(std::size_t size) {
  if (size > capacity_) {
    const std::size_t capacity = std::max({size, capacity_ * 2, std::size_t{4096}});
    char* grown = static_cast<char*>(AllocateLarge(capacity));
    if (grown == nullptr) throw std::bad_alloc();
    if (size_ > 0) std::memcpy(grown, data_, size_);
    FreeLarge(data_);
    data_ = grown;
    capacity_ = capacity;
  }
  size_ = size;
}

}  // namespace rekey
