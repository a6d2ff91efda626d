// The libarchive adapter (the only file that includes archive.h).
#include "rekey/source/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace rekey {
namespace {

constexpr std::size_t kInputBlock = 64 << 10;

bool StartsWith(std::string_view head, std::string_view magic) { return head.substr(0, magic.size()) == magic; }

}  // namespace

std::string_view SniffArchive(std::string_view head) {
  using namespace std::string_view_literals;
  if (StartsWith(head, "PK\x03\x04"sv) || StartsWith(head, "PK\x05\x06"sv) || StartsWith(head, "PK\x07\x08"sv)) {
    return "zip";
  }
  if (head.size() >= 262 && head.substr(257, 5) == "ustar") return "tar";
  if (StartsWith(head, "7z\xBC\xAF\x27\x1C"sv)) return "7z";
  if (StartsWith(head, "!<arch>\n"sv)) return "ar";
  if (StartsWith(head, "070701"sv) || StartsWith(head, "070702"sv) || StartsWith(head, "070707"sv)) return "cpio";
  if (StartsWith(head, "\x1f\x8b\x08"sv)) return "gzip";
  if (head.size() >= 10 && StartsWith(head, "BZh"sv) && head[3] >= '1' && head[3] <= '9' &&
      head.substr(4, 6) == "1AY&SY") {
    return "bzip2";
  }
  if (StartsWith(head, "\xFD\x37\x7A\x58\x5A\x00"sv)) return "xz";
  if (StartsWith(head, "\x28\xB5\x2F\xFD"sv)) return "zstd";
  if (StartsWith(head, "\x04\x22\x4D\x18"sv)) return "lz4";
  return "";
}

struct ArchiveReader::Impl : public ByteStream {
  explicit Impl(ByteStream& in) : input(in), block(kInputBlock) {}
  ~Impl() override {
    if (handle != nullptr) archive_read_free(handle);
  }

  // The current entry's data (ByteStream over archive_read_data).
  std::size_t Read(char* buffer, std::size_t max) override {
    if (!in_entry || handle == nullptr) return 0;
    const la_ssize_t n = archive_read_data(handle, buffer, max);
    if (n < 0) {
      failure = ErrorText();
      in_entry = false;
      return 0;
    }
    if (n == 0) in_entry = false;
    out += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
  }
  std::string error() const override { return failure; }

  static la_int64_t SeekTo(struct archive*, void* client, la_int64_t offset, int whence) {
    auto* self = static_cast<Impl*>(client);
    const std::int64_t at = self->input.Seek(offset, whence);
    return at < 0 ? ARCHIVE_FATAL : at;
  }

  static la_int64_t Skip(struct archive*, void* client, la_int64_t request) {
    auto* self = static_cast<Impl*>(client);
    const std::int64_t before = self->input.Seek(0, SEEK_CUR);
    if (before < 0 || self->input.Seek(request, SEEK_CUR) < 0) return 0;  // 0: libarchive reads instead
    self->in += static_cast<std::uint64_t>(request);
    return request;
  }

  static la_ssize_t ReadBlock(struct archive*, void* client, const void** buffer) {
    auto* self = static_cast<Impl*>(client);
    const std::size_t n = self->input.Read(self->block.data(), self->block.size());
    if (n == 0 && !self->input.error().empty()) {
      self->failure = self->input.error();
      return -1;
    }
    self->in += n;
    *buffer = self->block.data();
    return static_cast<la_ssize_t>(n);
  }

  std::string ErrorText() const {
    const char* text = handle != nullptr ? archive_error_string(handle) : nullptr;
    return text != nullptr ? text : "damaged archive";
  }

  ByteStream& input;
  std::vector<char> block;
  struct archive* handle = nullptr;
  bool in_entry = false;
  std::string failure;
  std::uint64_t in = 0;
  std::uint64_t out = 0;
};

ArchiveReader::ArchiveReader(ByteStream& in) : impl_(std::make_unique<Impl>(in)) {}
ArchiveReader::~ArchiveReader() = default;

bool ArchiveReader::Open() {
  Impl& s = *impl_;
  s.handle = archive_read_new();
  if (s.handle == nullptr) {
    s.failure = "out of memory";
    return false;
  }
  // The formats rekey unpacks; "raw" reads a bare compressed stream as one
  // entry. The streamable zip reader works without seeking (nested archives
  // come from their parent's stream).
  archive_read_support_filter_all(s.handle);
  // A seekable input (a file, a blob in memory) is read through its central
  // directory (zip) or end index (7z); a stream (a nested entry, a pipe) in order.
  if (s.input.Seek(0, SEEK_CUR) >= 0) {
    archive_read_set_seek_callback(s.handle, &Impl::SeekTo);
    archive_read_set_skip_callback(s.handle, &Impl::Skip);
    archive_read_support_format_zip_seekable(s.handle);
  } else {
    archive_read_support_format_zip_streamable(s.handle);
  }
  archive_read_support_format_tar(s.handle);
  archive_read_support_format_gnutar(s.handle);
  archive_read_support_format_7zip(s.handle);
  archive_read_support_format_ar(s.handle);
  archive_read_support_format_cpio(s.handle);
  archive_read_support_format_raw(s.handle);
  if (archive_read_open(s.handle, &s, nullptr, &Impl::ReadBlock, nullptr) != ARCHIVE_OK) {
    if (s.failure.empty()) s.failure = s.ErrorText();
    return false;
  }
  return true;
}

bool ArchiveReader::Next(ArchiveEntry& entry) {
  Impl& s = *impl_;
  if (s.handle == nullptr || !s.failure.empty()) return false;
  s.in_entry = false;
  for (;;) {
    struct archive_entry* header = nullptr;
    const int status = archive_read_next_header(s.handle, &header);
    if (status == ARCHIVE_EOF) return false;
    if (status == ARCHIVE_FATAL || status == ARCHIVE_RETRY) {
      if (s.failure.empty()) s.failure = s.ErrorText();
      return false;
    }
    // ARCHIVE_WARN (an odd header field) still gives a usable entry.
    const mode_t type = archive_entry_filetype(header);
    if (type != 0 && type != AE_IFREG) continue;
    const char* name = archive_entry_pathname(header);
    entry.name = name != nullptr ? name : "data";
    entry.size = archive_entry_size_is_set(header) ? static_cast<std::uint64_t>(archive_entry_size(header)) : 0;
    s.in_entry = true;
    return true;
  }
}

ByteStream& ArchiveReader::Data() { return *impl_; }
std::string ArchiveReader::error() const { return impl_->failure; }
std::string ArchiveReader::format() const {
  const char* name = impl_->handle != nullptr ? archive_format_name(impl_->handle) : nullptr;
  return name != nullptr ? name : "";
}
std::uint64_t ArchiveReader::compressed_in() const { return impl_->in; }
std::uint64_t ArchiveReader::uncompressed_out() const { return impl_->out; }

}  // namespace rekey
