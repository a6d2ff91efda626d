// matcher_bench: Matcher::Scan throughput against the raw Hyperscan ceiling
// (the same database's hs_scan alone: Matcher::CountPrefilterHits), on generated
// text with planted fake secrets. Also times rule loading and the database
// cache (cold compile vs. cached load). Not run by ctest.
//
//   matcher_bench [--mb 100] [--chunk 65536] [--secret-every 65536] [--corpus DIR]
//                 [--rules FILE|DIR]... [--no-builtins]
// --corpus DIR scans real files (one buffer each) instead of generated text.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/matcher/matcher.h"
#include "rekey/matcher/rules_database.h"
#include "rekey/rules/rule_set.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// CPU time of this thread: scan figures stay comparable on a shared, loaded machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string RandomFrom(std::mt19937& rng, std::string_view alphabet, size_t n) {
  std::string out(n, ' ');
  for (char& c : out) c = alphabet[rng() % alphabet.size()];
  return out;
}

// Source-code-like lines; one fake secret (shaped like a real prefix with a
// random body) every `every` bytes (0: none).
std::string GenerateCorpus(size_t bytes, size_t every) {
  std::mt19937 rng(42);
  const std::vector<std::string> words = {
      "const",  "return",   "if",     "for", "function", "import", "config", "value",   "user",
      "name",   "id",       "token",  "key", "data",     "error",  "result", "self",    "this",
      "string", "int",      "let",    "var", "def",      "class",  "http",   "request", "response",
      "json",   "password", "secret", "api", "client",   "server", "path",   "file",    "list"};
  const std::string b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(bytes + 256);
  size_t next_secret = every == 0 ? SIZE_MAX : every;
  while (out.size() < bytes) {
    const int indent = static_cast<int>(rng() % 4) * 2;
    out.append(static_cast<size_t>(indent), ' ');
    const int n = 3 + static_cast<int>(rng() % 9);
    for (int i = 0; i < n; ++i) {
      switch (rng() % 12) {
        case 0:
          out += "\"" + RandomFrom(rng, b62, 4 + rng() % 20) + "\"";
          break;
        case 1:
          out += std::to_string(rng() % 100000);
          break;
        case 2:
          out += "= ";
          break;
        case 3:
          out += "(" + words[rng() % words.size()] + ")";
          break;
        default:
          out += words[rng() % words.size()];
          break;
      }
      out += i + 1 < n ? " " : "";
    }
    if (out.size() >= next_secret) {
      out += rng() % 2 ? " stripe_key = \"sk_"
                         "live_" +
                             RandomFrom(rng, b62, 32) + "\""
                       : " aws = AKIA" + RandomFrom(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
      next_secret += every;
    }
    out += "\n";
  }
  return out;
}

// Real text: the regular files under `dir` (e.g. /usr/include), each one
// buffer, until `bytes` are read.
std::vector<std::string> ReadCorpus(const std::string& dir, size_t bytes) {
  std::vector<std::string> files;
  size_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator() && total < bytes; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    total += text.size();
    files.push_back(std::move(text));
  }
  return files;
}

// Generated text cut into `chunk`-byte buffers.
std::vector<std::string> Split(const std::string& text, size_t chunk) {
  std::vector<std::string> out;
  for (size_t off = 0; off < text.size(); off += chunk) out.push_back(text.substr(off, chunk));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = 100, chunk = 65536, every = 65536;
  bool builtins = true;
  std::vector<std::string> paths;
  std::string corpus_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mb" && i + 1 < argc)
      mb = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--chunk" && i + 1 < argc)
      chunk = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--secret-every" && i + 1 < argc)
      every = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--rules" && i + 1 < argc)
      paths.push_back(argv[++i]);
    else if (arg == "--no-builtins")
      builtins = false;
    else if (arg == "--corpus" && i + 1 < argc)
      corpus_dir = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: matcher_bench [--mb N] [--chunk BYTES] [--secret-every BYTES] [--corpus DIR] [--rules "
                   "PATH]... [--no-builtins]\n");
      return 2;
    }
  }

  // Rules: load (as every command does) and compile without, then with, the cache.
  rekey::Diagnostics diags;
  auto t = Clock::now();
  rekey::RuleSet rules;
  if (builtins) rules.AddBuiltins(diags);
  for (const std::string& p : paths) rules.AddPath(p, diags);
  const double load_s = Seconds(t);
  const std::string cache_dir = (std::filesystem::temp_directory_path() / "rekey-bench-cache").string();
  std::filesystem::remove_all(cache_dir);
  t = Clock::now();
  auto db = rekey::RulesDatabase::Build(rules, {true, cache_dir}, diags);
  const double compile_s = Seconds(t);
  t = Clock::now();
  auto cached = rekey::RulesDatabase::Build(rules, {true, cache_dir}, diags);
  const double cached_s = Seconds(t);
  for (const rekey::Diagnostic& d : diags.items()) std::fprintf(stderr, "%s\n", rekey::FormatDiagnostic(d).c_str());
  if (!db || !cached || rules.size() == 0) return 2;
  std::printf("rules: %zu  load %.1f ms  compile %.0f ms  cached load %.1f ms (from cache: %s)\n", rules.size(),
              load_s * 1e3, compile_s * 1e3, cached_s * 1e3, cached->loaded_from_cache() ? "yes" : "no");

  const std::vector<std::string> buffers =
      corpus_dir.empty() ? Split(GenerateCorpus(mb << 20, every), chunk) : ReadCorpus(corpus_dir, mb << 20);
  size_t bytes = 0;
  for (const std::string& b : buffers) bytes += b.size();
  const double size_mb = static_cast<double>(bytes) / (1 << 20);
  std::printf("corpus: %.1f MiB in %zu buffers (%s); best of 5, thread CPU time\n", size_mb, buffers.size(),
              corpus_dir.empty() ? "generated" : corpus_dir.c_str());

  double best_raw = 1e9, best_matcher = 1e9;
  size_t raw_hits = 0, matches = 0;
  rekey::Matcher matcher(cached);
  std::vector<rekey::RuleMatch> out;
  for (int round = 0; round < 5; ++round) {
    raw_hits = 0;
    double cpu = ThreadCpuSeconds();
    for (const std::string& b : buffers) raw_hits += matcher.CountPrefilterHits(b);
    best_raw = std::min(best_raw, ThreadCpuSeconds() - cpu);
    matches = 0;
    cpu = ThreadCpuSeconds();
    for (const std::string& b : buffers) {
      matcher.Scan(b, out);
      matches += out.size();
    }
    best_matcher = std::min(best_matcher, ThreadCpuSeconds() - cpu);
  }
  std::printf("raw hs_scan:    %8.0f MiB/s  (%zu raw hits)\n", size_mb / best_raw, raw_hits);
  std::printf("Matcher::Scan:  %8.0f MiB/s  (%zu confirmed matches)  = %.0f%% of raw\n", size_mb / best_matcher,
              matches, 100.0 * best_raw / best_matcher);
  std::filesystem::remove_all(cache_dir);
  return 0;
}
