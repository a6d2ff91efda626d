#include "scan/scan_state.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "rekey/base/atomic_file.h"
#include "rekey/base/hash.h"
#include "rekey/base/read_file.h"
#include "rekey/base/sha256.h"

namespace rekey {
namespace {

constexpr char kMagic[] = "REKEYSTATE\n";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kChecksumSize = 64;  // SHA-256, hex
constexpr std::size_t kHeaderSize = kMagicSize + 4 + 8 + kChecksumSize;
// A state lists blob ids (20 bytes each): 4 GiB is ~200 million blobs.
constexpr std::uint64_t kMaxStateFile = 4ull << 30;

class Writer {
 public:
  void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void U64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void Str(const std::string& s) {
    U32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  void Id(const ObjectId& id) { out_.append(reinterpret_cast<const char*>(id.data()), id.size()); }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads fields, failing (once, then every read is a no-op) past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::uint8_t U8() { return static_cast<std::uint8_t>(Take(1)[0]); }
  std::uint32_t U32() {
    const std::string_view b = Take(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    return v;
  }
  std::uint64_t U64() {
    const std::string_view b = Take(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    return v;
  }
  std::string Str() {
    const std::uint32_t n = U32();
    return std::string(Take(n));
  }
  ObjectId Id() {
    ObjectId id{};
    const std::string_view b = Take(id.size());
    std::memcpy(id.data(), b.data(), id.size());
    return id;
  }
  // A count of items at least `item_size` bytes each: bounded by what is left.
  std::uint32_t Count(std::size_t item_size) {
    const std::uint32_t n = U32();
    if (ok_ && static_cast<std::uint64_t>(n) * item_size > in_.size() - pos_) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  std::string_view Take(std::size_t n) {
    static const char kZeros[64] = {};
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return std::string_view(kZeros, std::min<std::size_t>(n, sizeof kZeros));
    }
    const std::string_view out = in_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

Error Damaged(const std::string& path, const std::string& why) {
  return Error{"the scan state " + path + " is damaged: " + why,
               "pass --ignore-damaged-state to scan everything again and rewrite it, or delete the file"};
}

}  // namespace

bool ParseObjectId(const std::string& hex, ObjectId& id) {
  if (hex.size() != 40) return false;
  for (std::size_t i = 0; i < 20; ++i) {
    const int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    id[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

std::string ObjectIdHex(const ObjectId& id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(40, '0');
  for (std::size_t i = 0; i < 20; ++i) {
    out[2 * i] = kHex[id[i] >> 4];
    out[2 * i + 1] = kHex[id[i] & 15];
  }
  return out;
}

bool RepoState::IsClean(const ObjectId& id) const { return std::binary_search(clean.begin(), clean.end(), id); }

Result<ScanState> ScanState::Load(const std::string& path, const std::string& identity) {
  ScanState state;
  state.identity_ = identity;
  Result<std::string> bytes = ReadRegularFile(path, {.max_bytes = kMaxStateFile});
  if (!bytes) {
    if (bytes.error().message == "cannot read file" && ::access(path.c_str(), F_OK) != 0) return state;  // first run
    return Error{"the scan state " + path + " " + bytes.error().message, bytes.error().hint};
  }
  const std::string_view text(*bytes);
  if (text.size() < kHeaderSize || text.substr(0, kMagicSize) != kMagic) {
    return Damaged(path, "it is not a rekey scan state");
  }
  Reader header(text.substr(kMagicSize, 12));
  const std::uint32_t version = header.U32();
  const std::uint64_t size = header.U64();
  if (version != kVersion) {
    return Damaged(path,
                   "version " + std::to_string(version) + ", this rekey reads version " + std::to_string(kVersion));
  }
  const std::string_view payload = text.substr(kHeaderSize);
  if (size != payload.size()) return Damaged(path, "cut off (or grown): its size is not the one recorded");
  if (Sha256Hex(payload) != text.substr(kMagicSize + 12, kChecksumSize)) {
    return Damaged(path, "its checksum does not match its content");
  }
  Reader in(payload);
  if (in.Str() != identity) {
    state.stale_ = true;  // other rules or options: start over
    return state;
  }
  const std::uint32_t repos = in.Count(4);
  for (std::uint32_t r = 0; r < repos && in.ok(); ++r) {
    const std::string name = in.Str();
    RepoState repo;
    repo.commits = in.U64();
    repo.complete = in.U8() != 0;
    for (std::uint32_t n = in.Count(20); n > 0 && in.ok(); --n) repo.tips.push_back(in.Id());
    const std::uint32_t clean = in.Count(20);
    repo.clean.reserve(clean);
    for (std::uint32_t n = clean; n > 0 && in.ok(); --n) repo.clean.push_back(in.Id());
    if (!std::is_sorted(repo.clean.begin(), repo.clean.end())) return Damaged(path, "its blob list is out of order");
    for (std::uint32_t n = in.Count(24); n > 0 && in.ok(); --n) {
      RepoState::FindingBlob blob;
      blob.id = in.Id();
      for (std::uint32_t m = in.Count(32); m > 0 && in.ok(); --m) {
        GitOrigin place;
        place.path = in.Str();
        place.ref = in.Str();
        place.commit = ObjectIdHex(in.Id());
        if (place.commit == std::string(40, '0')) place.commit.clear();
        place.commits = static_cast<int>(in.U32());
        blob.places.push_back(std::move(place));
      }
      repo.findings.push_back(std::move(blob));
    }
    state.repos_[name] = std::move(repo);
  }
  if (!in.ok() || !in.at_end()) return Damaged(path, "a field runs past its end");
  return state;
}

Status ScanState::Save(const std::string& path) const {
  Writer w;
  w.Str(identity_);
  w.U32(static_cast<std::uint32_t>(repos_.size()));
  for (const auto& [name, repo] : repos_) {
    w.Str(name);
    w.U64(repo.commits);
    w.U8(repo.complete ? 1 : 0);
    w.U32(static_cast<std::uint32_t>(repo.tips.size()));
    for (const ObjectId& id : repo.tips) w.Id(id);
    w.U32(static_cast<std::uint32_t>(repo.clean.size()));
    for (const ObjectId& id : repo.clean) w.Id(id);
    w.U32(static_cast<std::uint32_t>(repo.findings.size()));
    for (const RepoState::FindingBlob& blob : repo.findings) {
      w.Id(blob.id);
      w.U32(static_cast<std::uint32_t>(blob.places.size()));
      for (const GitOrigin& place : blob.places) {
        w.Str(place.path);
        w.Str(place.ref);
        ObjectId commit{};
        ParseObjectId(place.commit, commit);
        w.Id(commit);
        w.U32(static_cast<std::uint32_t>(place.commits));
      }
    }
  }
  Writer header;
  header.out() = kMagic;
  header.U32(kVersion);
  header.U64(w.out().size());
  header.out() += Sha256Hex(w.out());
  AtomicFile file(path, {.mode = 0600, .follow_symlink = true});
  if (Status opened = file.Open(); !opened) return opened;
  file.Write(header.out());
  file.Write(w.out());
  return file.Commit();
}

ScanState ScanState::Empty(const std::string& identity) {
  ScanState state;
  state.identity_ = identity;
  return state;
}

RepoState* ScanState::Find(const std::string& repository) {
  const auto it = repos_.find(repository);
  return it == repos_.end() ? nullptr : &it->second;
}

RepoState& ScanState::Put(const std::string& repository, RepoState state) {
  return repos_[repository] = std::move(state);
}

}  // namespace rekey
