// PageBuffer: a growable byte buffer for large reads (files, cache files) and
// AllocateLarge/FreeLarge for large blocks handed to C libraries (Hyperscan's
// database and scratch).
//
// Why: on the virtual machines rekey runs on in CI, each 4 KiB page fault of
// freshly allocated memory costs ~10 µs, so zero-filling and first-touching a
// few MiB dominates a short run (a 2 MiB Hyperscan database costs ~5 ms in
// faults alone). Blocks of at least kLargeBlock are 2 MiB-aligned and marked
// MADV_HUGEPAGE, so the kernel backs them with transparent huge pages where
// it can (THP mode "madvise", Debian's default): one fault per 2 MiB. Smaller
// blocks come from malloc. Unlike std::string/std::vector, growing never
// zero-fills: bytes past the old size are uninitialised until written.
//
// Thread-safety: a PageBuffer is a plain value (one owner); AllocateLarge and
// FreeLarge are reentrant.
//
//   PageBuffer buffer;
//   buffer.Resize(file_size);          // keeps what was there, no zero fill
//   read(fd, buffer.data(), buffer.size());
#ifndef REKEY_BASE_PAGE_BUFFER_H_
#define REKEY_BASE_PAGE_BUFFER_H_

#include <cstddef>
#include <string_view>

namespace rekey {

// A transparent huge page on x86-64.
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Blocks of this size or more are huge-page aligned and advised.
inline constexpr std::size_t kLargeBlock = std::size_t{1} << 20;

// `size` bytes (uninitialised), or nullptr when memory is exhausted. Free
// with FreeLarge. Any size works; large ones get the huge-page treatment.
void* AllocateLarge(std::size_t size);
void FreeLarge(void* block);

class PageBuffer {
 public:
  PageBuffer() = default;
  ~PageBuffer();
  PageBuffer(PageBuffer&& other) noexcept;
  PageBuffer& operator=(PageBuffer&& other) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;

  // Makes size() == `size`, keeping the first min(old size, size) bytes.
  // Capacity grows at least geometrically. Aborts like operator new when
  // memory is exhausted (std::bad_alloc).
  void Resize(std::size_t size);

  char* data() { return data_; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace rekey

#endif  // REKEY_BASE_PAGE_BUFFER_H_
