// The raw read + Hyperscan ceiling for `rekey scan`: the same walk (ignore
// files), the same file opening and 16 MiB read chunks, binary files skipped
// the same way, and the very same compiled Hyperscan database, but no
// confirmation, no decoding, no archives, no findings, no output — only
// hs_scan with a callback that counts. `rekey scan` cannot be faster
// than this; bench/scan_bench.sh reports its throughput as a share of it.
//
// Usage: rekey_hs_ceiling [--threads N] [--no-cache] PATH...
#include <hs/hs.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <algorithm>
#include <vector>

#include "matcher/database_impl.h"
#include "rekey/scan/scan_rules.h"
#include "rekey/base/parallel_for.h"
#include "rekey/source/file_stream.h"
#include "rekey/source/walk.h"

namespace {

int CountHit(unsigned int, unsigned long long, unsigned long long, unsigned int, void* context) {
  ++*static_cast<std::uint64_t*>(context);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 0;
  bool use_cache = true;
  rekey::WalkOptions walk;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (std::strcmp(argv[i], "--no-cache") == 0) {
      use_cache = false;
    } else {
      walk.paths.push_back(argv[i]);
    }
  }
  rekey::Diagnostics diags;
  rekey::ScanRulesOptions rules;
  rules.use_cache = use_cache;
  std::shared_ptr<const rekey::RulesDatabase> db = rekey::LoadScanRules(rules, diags);
  if (!db) {
    for (const rekey::Diagnostic& d : diags.items()) std::fprintf(stderr, "%s\n", rekey::FormatDiagnostic(d).c_str());
    return 2;
  }
  const hs_database_t* hs = db->impl().hs.get();

  const auto start = std::chrono::steady_clock::now();
  const rekey::WalkResult files = rekey::Walk(walk);
  threads = rekey::ResolveThreadCount(threads);
  constexpr std::size_t kChunk = 16 << 20;
  std::vector<rekey::HsScratch> scratch;
  std::vector<std::unique_ptr<char[]>> buffers;
  for (unsigned i = 0; i < threads; ++i) {
    scratch.push_back(rekey::CloneScratch(db->impl().scratch_prototype.get()));
    buffers.push_back(std::make_unique<char[]>(kChunk));
  }
  std::vector<std::uint64_t> hits(threads), bytes(threads);
  rekey::ParallelFor(files.files.size(), threads, [&](unsigned worker, std::size_t index) {
    rekey::Opened opened = rekey::OpenFile(files.files[index].path, {});
    if (opened.status != rekey::OpenStatus::kOk || hs == nullptr) return;
    char* buffer = buffers[worker].get();
    for (bool first = true;; first = false) {
      std::size_t filled = 0;
      while (filled < kChunk) {
        const std::size_t n = opened.stream->Read(buffer + filled, kChunk - filled);
        if (n == 0) break;
        filled += n;
      }
      if (first && std::memchr(buffer, '\0', std::min<std::size_t>(filled, 8 << 10)) != nullptr) return;
      hs_scan(hs, buffer, static_cast<unsigned>(filled), 0, scratch[worker].get(), CountHit, &hits[worker]);
      bytes[worker] += filled;
      if (filled < kChunk) return;
    }
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uint64_t total_hits = 0, total_bytes = 0;
  for (unsigned i = 0; i < threads; ++i) {
    total_hits += hits[i];
    total_bytes += bytes[i];
  }
  std::printf("files %zu bytes %llu hyperscan_hits %llu seconds %.3f MB/s %.1f\n", files.files.size(),
              static_cast<unsigned long long>(total_bytes), static_cast<unsigned long long>(total_hits), seconds,
              static_cast<double>(total_bytes) / 1e6 / seconds);
  return 0;
}
