// The one scan pipeline (issue #16): any Source, archives made by the real
// tools, decoded spans, chunked reading of large content, provenance chains.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include "rekey/base/base64.h"
#include "rekey/scan/scanner.h"
#include "rekey/source/image_source.h"
#include "rekey/source/tree_source.h"
#include "scan/content_scan.h"
#include "scan/test_rules.h"
#include "source/temp_tree.h"

namespace rekey {
namespace {

class CollectingSink : public FindingSink {
 public:
  void Add(const Finding& finding) override { findings.push_back(finding); }
  void Finish(const ScanSummary& s) override { summary = s; }
  std::vector<Finding> findings;
  ScanSummary summary;
};

// Adding a source is one class: this one scans strings held in memory (the
// issue asks for a fake source in under 50 lines; it is 20).
class StringsSource : public Source {
 public:
  explicit StringsSource(std::map<std::string, std::string> blobs) : blobs_(std::move(blobs)) {}
  Result<SourceListing> List() override {
    SourceListing listing;
    for (const auto& [name, content] : blobs_) listing.units.push_back({"", name, {{Provenance{{FileOrigin{name}}}}}});
    return listing;
  }
  std::unique_ptr<UnitReader> NewReader() override {
    struct Reader : UnitReader {
      explicit Reader(const std::map<std::string, std::string>& b) : blobs(b) {}
      Opened Open(const SourceUnit& unit) override {
        return {OpenStatus::kOk, std::make_unique<MemoryStream>(blobs.at(unit.name)), 0, "", false};
      }
      const std::map<std::string, std::string>& blobs;
    };
    return std::make_unique<Reader>(blobs_);
  }

 private:
  std::map<std::string, std::string> blobs_;
};

CollectingSink Scan(Source& source, ScanOptions options = {}) {
  CollectingSink sink;
  options.threads = 2;
  EXPECT_TRUE(Scanner(TestDatabase(), options).Run(source, sink));
  return sink;
}

CollectingSink ScanTree(const std::string& root, ScanOptions options = {}) {
  std::unique_ptr<Source> tree = MakeTreeSource({.walk = {.paths = {root}}});
  return Scan(*tree, options);
}

std::vector<std::string> ErrorsOf(const CollectingSink& sink) {
  std::vector<std::string> out;
  for (const SourceError& e : sink.summary.errors) out.push_back(e.path + ": " + e.message);
  return out;
}

// Runs a shell command in `dir`; the archive tools are Debian's.
void Sh(const std::string& dir, const std::string& command) {
  const std::string full = "cd '" + dir + "' && (" + command + ") >/dev/null 2>&1";
  ASSERT_EQ(std::system(full.c_str()), 0) << command;
}

TEST(Pipeline, AFakeSourceInUnderFiftyLinesGoesThroughTheWholePipeline) {
  StringsSource source({{"a.env", "TOKEN=" + FakeToken(1) + "\n"}, {"b.txt", "nothing here\n"}});
  const CollectingSink sink = Scan(source);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].path, "a.env");
  EXPECT_EQ(sink.summary.stats.files_scanned, 2u);
}

TEST(Pipeline, UnitsWithTheSameContentIdAreReadOnce) {
  class Twice : public StringsSource {
   public:
    Twice() : StringsSource({{"x", "k = " + FakeToken(2) + "\n"}}) {}
    Result<SourceListing> List() override {
      Result<SourceListing> listing = StringsSource::List();
      SourceUnit copy = listing->units[0];
      copy.places[0].provenance.chain[0] = FileOrigin{"elsewhere/x"};
      listing->units[0].content_id = copy.content_id = "blob-1";
      listing->units.push_back(copy);
      return listing;
    }
  } source;
  const CollectingSink sink = Scan(source);
  EXPECT_EQ(sink.summary.stats.files_scanned, 1u);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].path, "elsewhere/x");
  EXPECT_EQ(sink.findings[1].path, "x");
}

// --- decoded spans ---------------------------------------------------------

TEST(Pipeline, AKubernetesSecretValueIsFoundDecodedAtTheEncodedText) {
  const std::string token = FakeToken(3);
  const std::string value = Base64Encode("api=" + token);
  StringsSource source({{"secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  API: " + value + "\n"}});
  const CollectingSink sink = Scan(source);
  ASSERT_EQ(sink.findings.size(), 1u);
  const Finding& f = sink.findings[0];
  EXPECT_EQ(f.rule_id, "test.token");
  EXPECT_EQ(f.line, 4);
  EXPECT_EQ(f.column, 8);
  EXPECT_EQ(f.end_column, 8 + static_cast<int>(value.size()));
  ASSERT_EQ(f.provenance.chain.size(), 2u);
  const auto* decoded = std::get_if<DecodedOrigin>(&f.provenance.chain[1]);
  ASSERT_NE(decoded, nullptr);
  EXPECT_EQ(decoded->encoding, "base64");
  EXPECT_EQ(f.path, "secret.yaml");
  EXPECT_EQ(sink.summary.stats.decoded_spans, 1u);
}

TEST(Pipeline, DecodedTextIsScannedInItsLineSoANameCountsAsContext) {
  // "TOKEN=" + base64(value): the generic rule needs the name before the value.
  const std::string value = FakeBody(4, 30);
  StringsSource source({{"ci.env", "TOKEN=" + Base64Encode(value) + "\n"}});
  ScanOptions options;
  const CollectingSink sink = Scan(source, options);
  // The encoded text itself matches the generic rule too; the decoded value
  // is a second, different secret in the same place.
  std::set<std::string> secrets;
  for (const Finding& f : sink.findings) secrets.insert(f.fingerprint);
  EXPECT_EQ(secrets.size(), sink.findings.size());
}

TEST(Pipeline, NestedEncodingsAreDecodedToTheDepthLimit) {
  const std::string token = FakeToken(5);
  const std::string twice = Base64Encode("inner " + Base64Encode("key " + token + " end") + " outer");
  StringsSource deep({{"x.txt", "v: " + twice + "\n"}});
  CollectingSink sink = Scan(deep);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].provenance.chain.size(), 3u);  // file > base64 > base64
  ScanOptions shallow;
  shallow.decode.max_depth = 1;
  sink = Scan(deep, shallow);
  EXPECT_TRUE(sink.findings.empty());
}

TEST(Pipeline, PlainMatchesAreNotReportedAgainThroughTheirDecodedForm) {
  // A token written with JSON escapes is found as is (the rule accepts the
  // text); the decoder must not report the same place a second time.
  const std::string token = FakeToken(6);
  StringsSource source({{"a.json", "{\"url\": \"https:\\/\\/h\\/" + token + "\"}\n"}});
  const CollectingSink sink = Scan(source);
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].provenance.chain.size(), 1u);
}

TEST(Pipeline, NoDecodeTurnsDecodingOffAndTheBudgetIsCounted) {
  const std::string value = Base64Encode("api=" + FakeToken(7));
  StringsSource source({{"s.yaml", "a: " + value + "\nb: " + value + "\n"}});
  ScanOptions off;
  off.decode.enabled = false;
  EXPECT_TRUE(Scan(source, off).findings.empty());
  ScanOptions tight;
  tight.decode.max_bytes = 1;  // the first span spends it
  const CollectingSink sink = Scan(source, tight);
  EXPECT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.summary.stats.decode_skipped, 1u);
}

// --- archives, made with Debian's tools ---------------------------------------

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    token_ = FakeToken(20);
    tree_.Write("src/BOOT-INF/classes/app.properties", "db.token=" + token_ + "\n");
    tree_.Write("src/readme.txt", "nothing\n");
    std::filesystem::create_directories(tree_.Path("out"));
  }
  // The one finding's display path, after scanning out/.
  std::string FoundAt(const std::string& archive) {
    const CollectingSink sink = ScanTree(tree_.Path("out"));
    EXPECT_TRUE(sink.summary.errors.empty()) << ::testing::PrintToString(ErrorsOf(sink));
    if (sink.findings.size() != 1) return "findings: " + std::to_string(sink.findings.size());
    const std::string& path = sink.findings[0].path;
    return path.substr(path.find(archive));
  }
  TempTree tree_;
  std::string token_;
};

TEST_F(ArchiveTest, ZipAndTheZipFamily) {
  for (const char* name : {"app.zip", "app.jar", "app.war", "app.whl", "app.docx"}) {
    SCOPED_TRACE(name);
    Sh(tree_.Path("src"), std::string("zip -qr ../out/") + name + " .");
    EXPECT_EQ(FoundAt(name), std::string(name) + "!/BOOT-INF/classes/app.properties");
    std::filesystem::remove(tree_.Path("out/") + name);
  }
}

TEST_F(ArchiveTest, TarAndEveryCompression) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"app.tar", "tar -cf ../out/app.tar ."},          {"app.tar.gz", "tar -czf ../out/app.tar.gz ."},
      {"app.tar.bz2", "tar -cjf ../out/app.tar.bz2 ."}, {"app.tar.xz", "tar -cJf ../out/app.tar.xz ."},
      {"app.tar.zst", "tar --zstd -cf ../out/app.tar.zst ."}, {"app.7z", "7z a -bd ../out/app.7z ."}};
  for (const auto& [name, command] : cases) {
    SCOPED_TRACE(name);
    Sh(tree_.Path("src"), command);
    const std::string at = FoundAt(name);
    EXPECT_NE(at.find("BOOT-INF/classes/app.properties"), std::string::npos) << at;
    std::filesystem::remove(tree_.Path("out/") + name);
  }
}

TEST_F(ArchiveTest, ABareCompressedFileIsOneEntry) {
  Sh(tree_.Path("src/BOOT-INF/classes"), "gzip -c app.properties > ../../../out/app.properties.gz");
  EXPECT_EQ(FoundAt("app.properties.gz"), "app.properties.gz!/app.properties");  // gzip keeps the name
}

TEST_F(ArchiveTest, NestedArchivesAreReadFromTheirParentToTheDepthLimit) {
  Sh(tree_.Path("src"), "zip -qr inner.jar BOOT-INF && tar -czf middle.tar.gz inner.jar && zip -q ../out/outer.zip middle.tar.gz");
  EXPECT_EQ(FoundAt("outer.zip"), "outer.zip!/middle.tar.gz!/inner.jar!/BOOT-INF/classes/app.properties");
  ScanOptions shallow;
  shallow.unpack.max_depth = 2;
  const CollectingSink sink = ScanTree(tree_.Path("out"), shallow);
  EXPECT_TRUE(sink.findings.empty());
  ASSERT_EQ(sink.summary.errors.size(), 1u);  // cut off: an error (exit 2), never a silent skip
  EXPECT_NE(sink.summary.errors[0].message.find("--archive-depth"), std::string::npos);
  EXPECT_EQ(sink.summary.errors[0].path, tree_.Path("out/outer.zip") + "!/middle.tar.gz!/inner.jar");
}

TEST_F(ArchiveTest, AZipBombIsCutOffAndReported) {
  // 200 MB of one byte: deflate compresses it about 1000:1.
  Sh(tree_.Path("src"), "head -c 200000000 /dev/zero | tr '\\0' 'a' > big.txt && zip -q ../out/bomb.zip big.txt");
  const CollectingSink sink = ScanTree(tree_.Path("out"));
  ASSERT_EQ(sink.summary.errors.size(), 1u) << ::testing::PrintToString(ErrorsOf(sink));
  EXPECT_NE(sink.summary.errors[0].message.find("compression ratio"), std::string::npos);
  EXPECT_LT(sink.summary.stats.bytes_scanned, 64u << 20) << "stopped soon after the ratio showed";
}

TEST_F(ArchiveTest, EntriesNamedOutsideTheArchiveAreScannedInMemoryAndReported) {
  const std::string script =
      "import zipfile\n"
      "z = zipfile.ZipFile('out/evil.zip', 'w')\n"
      "z.writestr('../../etc/cron.d/x', 'k = " + token_ + "\\n')\n"
      "z.writestr('/abs/path.env', 'nothing\\n')\n"
      "z.close()\n";
  std::ofstream(tree_.Path("make.py")) << script;
  Sh(tree_.Path(), "python3 make.py");
  const CollectingSink sink = ScanTree(tree_.Path("out"));
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_NE(sink.findings[0].path.find("evil.zip!/../../etc/cron.d/x"), std::string::npos);
  EXPECT_EQ(sink.summary.warnings.size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(tree_.Path("etc"))) << "nothing is ever extracted";
}

TEST_F(ArchiveTest, ADamagedArchiveIsAnError) {
  Sh(tree_.Path("src"), "zip -qr ../out/app.zip . && truncate -s 200 ../out/app.zip");
  const CollectingSink sink = ScanTree(tree_.Path("out"));
  EXPECT_FALSE(sink.summary.errors.empty());
}

TEST_F(ArchiveTest, TooManyEntriesIsCutOff) {
  Sh(tree_.Path("src"), "for i in $(seq 1 20); do echo x > f$i.txt; done && zip -q ../out/many.zip f*.txt");
  ScanOptions few;
  few.unpack.max_entries = 10;
  const CollectingSink sink = ScanTree(tree_.Path("out"), few);
  ASSERT_EQ(sink.summary.errors.size(), 1u);
  EXPECT_NE(sink.summary.errors[0].message.find("--archive-max-entries"), std::string::npos);
}

TEST_F(ArchiveTest, NoArchivesTreatsThemAsBinary) {
  Sh(tree_.Path("src"), "zip -qr ../out/app.zip .");
  ScanOptions off;
  off.unpack.enabled = false;
  const CollectingSink sink = ScanTree(tree_.Path("out"), off);
  EXPECT_TRUE(sink.findings.empty());
  EXPECT_EQ(sink.summary.stats.files_skipped_binary, 1u);
}

// --- large content in chunks ------------------------------------------------

// Text generated as it is read: `size` bytes of lines, with the given tokens
// at the given offsets (each a whole statement), never held in memory whole.
class GeneratedText : public ByteStream {
 public:
  GeneratedText(std::uint64_t size, std::map<std::uint64_t, std::string> planted)
      : size_(size), planted_(std::move(planted)) {}
  static char At(std::uint64_t offset) { return offset % 80 == 79 ? '\n' : 'x'; }
  std::size_t Read(char* buffer, std::size_t max) override {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(max, size_ - pos_));
    static const std::string kLines = [] {
      std::string lines;
      for (int i = 0; i < 80 * 64; ++i) lines += At(static_cast<std::uint64_t>(i));
      return lines;
    }();
    for (std::size_t i = 0; i < n;) {
      const std::size_t phase = static_cast<std::size_t>((pos_ + i) % 80);
      const std::size_t take = std::min(n - i, kLines.size() - phase);
      std::memcpy(buffer + i, kLines.data() + phase, take);
      i += take;
    }
    for (const auto& [at, text] : planted_) {
      for (std::size_t k = 0; k < text.size(); ++k) {
        if (at + k >= pos_ && at + k < pos_ + n) buffer[at + k - pos_] = text[k];
      }
    }
    pos_ += n;
    return n;
  }

 private:
  std::uint64_t size_;
  std::uint64_t pos_ = 0;
  std::map<std::uint64_t, std::string> planted_;
};

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

TEST(Pipeline, LargeContentIsScannedInChunksWithFlatMemoryAndNothingLostAtTheSeams) {
#if defined(__SANITIZE_ADDRESS__)
  constexpr std::uint64_t kSize = 256ull << 20;
#else
  constexpr std::uint64_t kSize = 2ull << 30;  // 2 GiB
#endif
  // Tokens across and around every place a chunk boundary or its overlap can
  // fall, plus one at the very end.
  std::map<std::uint64_t, std::string> planted;
  unsigned seed = 100;
  for (std::uint64_t edge = kTextChunk; edge < kSize && planted.size() < 50; edge += kTextChunk - kChunkOverlap) {
    // Tokens are 33 bytes: these never overlap each other.
    for (std::int64_t delta : {-static_cast<std::int64_t>(kChunkOverlap) - 16, -static_cast<std::int64_t>(kChunkDefer) - 16,
                               std::int64_t{-60}, std::int64_t{-16}, std::int64_t{40}}) {
      planted[edge + delta] = " " + FakeToken(seed++) + " ";
    }
  }
  planted[kSize - 40] = " " + FakeToken(seed++) + " ";
  class BigSource : public Source {
   public:
    BigSource(std::uint64_t size, std::map<std::uint64_t, std::string> planted) : size_(size), planted_(planted) {}
    Result<SourceListing> List() override {
      SourceListing listing;
      listing.units.push_back({"", "big.log", {{Provenance{{FileOrigin{"big.log"}}}}}});
      return listing;
    }
    std::unique_ptr<UnitReader> NewReader() override {
      struct Reader : UnitReader {
        Reader(std::uint64_t s, const std::map<std::uint64_t, std::string>& p) : size(s), planted(p) {}
        Opened Open(const SourceUnit&) override {
          return {OpenStatus::kOk, std::make_unique<GeneratedText>(size, planted), size, "", false};
        }
        std::uint64_t size;
        const std::map<std::uint64_t, std::string>& planted;
      };
      return std::make_unique<Reader>(size_, planted_);
    }

   private:
    std::uint64_t size_;
    std::map<std::uint64_t, std::string> planted_;
  } source(kSize, planted);
  const long before = PeakRssKb();
  ScanOptions options;
  options.decode.enabled = false;
  options.max_findings_per_unit = 0;
  const CollectingSink sink = Scan(source, options);
  const long grew = PeakRssKb() - before;
  ASSERT_EQ(sink.findings.size(), planted.size());
  // Where each token is: count the newlines before it, less those a planted
  // token overwrote.
  auto expected = [&planted](std::uint64_t offset) {
    std::uint64_t newlines = offset / 80;
    std::uint64_t line_start = newlines * 80;
    for (const auto& [at, text] : planted) {
      for (std::uint64_t k = 0; k < text.size(); ++k) {
        if (at + k < offset && GeneratedText::At(at + k) == '\n') --newlines;
      }
    }
    // The line starts after the last newline before `offset` that survived.
    for (std::uint64_t p = offset; p > 0; --p) {
      bool overwritten = false;
      for (const auto& [at, text] : planted) overwritten |= p - 1 >= at && p - 1 < at + text.size();
      if (GeneratedText::At(p - 1) == '\n' && !overwritten) {
        line_start = p;
        break;
      }
    }
    return std::make_pair(static_cast<int>(newlines) + 1, static_cast<int>(offset - line_start) + 1);
  };
  std::size_t i = 0;
  for (const auto& [at, text] : planted) {
    const Finding& f = sink.findings[i++];
    EXPECT_EQ(std::make_pair(f.line, f.column), expected(at + 1)) << "token at " << at + 1;
  }
  EXPECT_EQ(sink.summary.stats.bytes_scanned, kSize);
  EXPECT_LT(grew, 128 * 1024) << "peak RSS grew by " << grew << " KiB for " << (kSize >> 20) << " MiB of text";
}

}  // namespace
}  // namespace rekey

namespace rekey {
namespace {

// --- container images, built from files (no registry, no daemon) -------------

class ImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lower_ = FakeToken(60);
    kept_ = FakeToken(61);
    // Layer 1 copies the app with its .env; layer 2 deletes the .env (a
    // whiteout) and adds a file.
    tree_.Write("l1/app/.env", "TOKEN_A " + lower_ + "\n");
    tree_.Write("l1/app/keep.txt", "k " + kept_ + "\n");
    tree_.Write("l2/app/.wh..env", "");
    tree_.Write("l2/app/new.txt", "nothing\n");
    Sh(tree_.Path("l1"), "tar -cf ../layer1.tar app");
    Sh(tree_.Path("l2"), "tar -cf ../layer2.tar app");
  }
  void ExpectTheLowerLayerSecretIsNotInTheFinalImage(const CollectingSink& sink) {
    ASSERT_TRUE(sink.summary.errors.empty()) << ::testing::PrintToString(ErrorsOf(sink));
    ASSERT_EQ(sink.findings.size(), 2u);
    for (const Finding& f : sink.findings) {
      const auto* layer = std::get_if<ImageLayerOrigin>(&f.provenance.chain.front());
      ASSERT_NE(layer, nullptr);
      const bool deleted = f.path.ends_with("app/.env");
      EXPECT_EQ(layer->in_final_image, !deleted) << f.path;
      EXPECT_EQ(layer->created_by, deleted || f.path.ends_with("keep.txt") ? "COPY app /app" : "") << f.path;
    }
  }
  TempTree tree_;
  std::string lower_, kept_;
};

TEST_F(ImageTest, DockerSaveTarball) {
  tree_.Write("img/config.json",
              R"({"history":[{"created_by":"COPY app /app"},{"created_by":"ENV X=1","empty_layer":true},)"
              R"({"created_by":"RUN rm /app/.env"}],"rootfs":{"type":"layers","diff_ids":["sha256:)" +
                  std::string(64, 'a') + R"(","sha256:)" + std::string(64, 'b') + R"("]}})");
  tree_.Write("img/manifest.json",
              R"([{"Config":"config.json","RepoTags":["app:1"],"Layers":["one/layer.tar","two/layer.tar"]}])");
  Sh(tree_.Path("img"), "mkdir one two && cp ../layer1.tar one/layer.tar && cp ../layer2.tar two/layer.tar && "
                        "tar -cf ../image.tar manifest.json config.json one two");
  std::unique_ptr<Source> image = MakeImageSource(tree_.Path("image.tar"));
  const CollectingSink sink = Scan(*image);
  ExpectTheLowerLayerSecretIsNotInTheFinalImage(sink);
  EXPECT_NE(sink.findings[0].path.find("image.tar@sha256:aaaaaaaaaaaa!/app/"), std::string::npos)
      << sink.findings[0].path;
}

TEST_F(ImageTest, OciLayoutWithGzipLayers) {
  // blobs/sha256/<digest> for each gzipped layer, the config and the manifest.
  const std::string script = R"PY(
import gzip, hashlib, json, os, shutil
os.makedirs('oci/blobs/sha256', exist_ok=True)
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open('oci/blobs/sha256/' + d, 'wb').write(data)
    return 'sha256:' + d, len(data)
layers = [blob(gzip.compress(open(n, 'rb').read())) for n in ('layer1.tar', 'layer2.tar')]
config = blob(json.dumps({'history': [{'created_by': 'COPY app /app'}, {'created_by': 'RUN rm /app/.env'}]}).encode())
manifest = blob(json.dumps({'schemaVersion': 2, 'config': {'digest': config[0], 'size': config[1]},
    'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d, 'size': s} for d, s in layers]}).encode())
json.dump({'schemaVersion': 2, 'manifests': [{'digest': manifest[0], 'size': manifest[1]}]}, open('oci/index.json', 'w'))
open('oci/oci-layout', 'w').write('{"imageLayoutVersion": "1.0.0"}')
)PY";
  std::ofstream(tree_.Path("make.py")) << script;
  Sh(tree_.Path(), "python3 make.py");
  std::unique_ptr<Source> image = MakeImageSource(tree_.Path("oci"));
  ExpectTheLowerLayerSecretIsNotInTheFinalImage(Scan(*image));
}

TEST_F(ImageTest, NotAnImageIsAnError) {
  tree_.Write("plain/readme.txt", "x");
  std::unique_ptr<Source> image = MakeImageSource(tree_.Path("plain"));
  CollectingSink sink;
  EXPECT_FALSE(Scanner(TestDatabase(), {}).Run(*image, sink));
}

TEST(InFinalImage, WhiteoutsOpaqueDirectoriesAndReplacements) {
  const std::vector<std::vector<std::string>> layers = {
      {"a/x", "a/y", "b/z", "c/w", "d/v"}, {"a/.wh.x", "b/.wh..wh..opq", "./c/w"}, {".wh.d"}};
  EXPECT_FALSE(InFinalImage(0, "a/x", layers));  // whiteout
  EXPECT_TRUE(InFinalImage(0, "a/y", layers));
  EXPECT_FALSE(InFinalImage(0, "b/z", layers));  // opaque directory
  EXPECT_FALSE(InFinalImage(0, "c/w", layers));  // replaced
  EXPECT_FALSE(InFinalImage(0, "d/v", layers));  // its directory whited out
  EXPECT_TRUE(InFinalImage(1, "c/w", layers));
}

}  // namespace
}  // namespace rekey
