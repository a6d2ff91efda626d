// Durations, timestamps and the defensive file reader under hostile values.
// Fuzz regressions are named Fuzz<Target>_<what>.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "hostile/hostile_util.h"
#include "rekey/base/duration.h"
#include "rekey/base/page_buffer.h"
#include "rekey/base/read_file.h"
#include "rekey/base/timestamp.h"

namespace rekey {
namespace {

// fuzz_duration: "99999999999999d" parsed, then Scaled(1.5) converted 1.3e19
// to int64 (undefined behaviour; UBSan: float-cast-overflow).
TEST(HostileDuration, FuzzDuration_HugeDurationIsRefused) {
  Result<Duration> d = ParseDuration("99999999999999d");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("too large"), std::string::npos);
  EXPECT_NE(d.error().hint.find("365000d"), std::string::npos);
}

TEST(HostileDuration, LimitIsAThousandYears) {
  ASSERT_TRUE(ParseDuration("365000d").ok());
  EXPECT_EQ(*ParseDuration("365000d"), kMaxDuration);
  EXPECT_FALSE(ParseDuration("365000d1s").ok());
  EXPECT_FALSE(ParseDuration("52143w").ok());
  EXPECT_TRUE(ParseDuration("300000d23h59m59s").ok());  // sums across units are checked in seconds
}

TEST(HostileDuration, ScaledSaturatesInsteadOfOverflowing) {
  const Duration max = Duration::Seconds(std::numeric_limits<int64_t>::max());
  const Duration min = Duration::Seconds(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(kMaxDuration.Scaled(1e300), max);
  EXPECT_EQ(kMaxDuration.Scaled(-1e300), min);
  EXPECT_EQ(kMaxDuration.Scaled(std::numeric_limits<double>::infinity()), max);
  EXPECT_EQ(kMaxDuration.Scaled(std::numeric_limits<double>::quiet_NaN()), Duration());
  EXPECT_EQ(Duration::Days(30).Scaled(1.5), Duration::Days(45));
}

TEST(HostileDuration, ArithmeticSaturates) {
  const Duration max = Duration::Seconds(std::numeric_limits<int64_t>::max());
  const Duration min = Duration::Seconds(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(max + Duration::Days(1), max);
  EXPECT_EQ(min - Duration::Days(1), min);
  EXPECT_EQ(Duration::Days(1) - min, max);
  EXPECT_EQ(max * 2, max);
  EXPECT_EQ(max * -2, min);
  EXPECT_EQ(Timestamp::FromUnixSeconds(0) + max, Timestamp::FromUnixSeconds(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(Timestamp::FromUnixSeconds(std::numeric_limits<int64_t>::min()) - Timestamp::FromUnixSeconds(1), min);
}

TEST(HostileDuration, ToStringOfTheExtremes) {
  EXPECT_EQ(Duration::Seconds(std::numeric_limits<int64_t>::min()).ToString().substr(0, 1), "-");
  EXPECT_EQ(kMaxDuration.ToString(), "365000d");
}

// A UTC offset can carry a four-digit year out of range; the instant could
// then not be printed back as RFC 3339 (ToRfc3339 gave "-001-12-31T23:00:00Z").
TEST(HostileTimestamp, FuzzTimestamp_OffsetOutOfFourDigitYearsIsRefused) {
  EXPECT_FALSE(ParseRfc3339("0000-01-01T00:00:00+01:00").ok());
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:59-01:00").ok());
  EXPECT_TRUE(ParseRfc3339("0000-01-01T00:00:00Z").ok());
  EXPECT_TRUE(ParseRfc3339("9999-12-31T23:59:59Z").ok());
  EXPECT_EQ(ParseRfc3339("9999-12-31T23:59:59Z")->ToRfc3339(), "9999-12-31T23:59:59Z");
}

TEST(HostileTimestamp, GarbageIsAnError) {
  for (const char* text : {"", "2026", "2026-11-01T", "2026-11-01T02:00:00", "2026-11-01T02:00:00+", "\xff\xfe",
                           "2026-11-01T02:00:00Zjunk", "2026-02-30T00:00:00Z", "2026-11-01T24:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(text).ok()) << text;
  }
}

TEST(HostileReadFile, ReadsARegularFile) {
  TempTree tree;
  const std::string path = tree.Write("a.txt", std::string("x\0y", 3));
  Result<std::string> text = ReadRegularFile(path, {});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, std::string("x\0y", 3));
}

TEST(HostileReadFile, ReadsIntoAReusedBufferWithTheSameChecks) {
  TempTree tree;
  PageBuffer buffer;
  const std::string big(3 << 20, 'b');
  Result<std::string_view> first = ReadRegularFileInto(tree.Write("big", big), {}, buffer);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, big);
  Result<std::string_view> second = ReadRegularFileInto(tree.Write("small", "s"), {}, buffer);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, "s");
  EXPECT_EQ(ReadRegularFileInto(tree.Path(), {}, buffer).error().message, "is a directory, expected a file");
  EXPECT_EQ(ReadRegularFileInto(tree.Path("big"), {.max_bytes = 1 << 20}, buffer).error().message,
            "is larger than the 1 MiB input limit");
}

TEST(HostileReadFile, RefusesSpecialFilesWithoutOpeningThem) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path("fifo")));
  const int sock = MakeSocket(tree.Path("sock"));
  ASSERT_GE(sock, 0);
  OpenWatch watch(tree.Path());
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ(ReadRegularFile(tree.Path("fifo"), {}).error().message, "is a FIFO, not a regular file");
  EXPECT_EQ(ReadRegularFile(tree.Path("sock"), {}).error().message, "is a socket, not a regular file");
  EXPECT_EQ(ReadRegularFile("/dev/zero", {}).error().message, "is a device, not a regular file");
  EXPECT_EQ(ReadRegularFile(tree.Path(), {}).error().message, "is a directory, expected a file");
  EXPECT_TRUE(watch.Opened().empty());
  ::close(sock);
}

TEST(HostileReadFile, SymlinksFollowedOnlyWhenAsked) {
  TempTree tree;
  tree.Write("target", "t");
  std::filesystem::create_symlink(tree.Path("target"), tree.Path("link"));
  EXPECT_EQ(*ReadRegularFile(tree.Path("link"), {}), "t");
  EXPECT_EQ(ReadRegularFile(tree.Path("link"), {.follow_symlinks = false}).error().message,
            "is a symbolic link, not a regular file");
}

TEST(HostileReadFile, SizeLimit) {
  TempTree tree;
  const std::string path = tree.Write("a.txt", std::string(100, 'a'));
  EXPECT_TRUE(ReadRegularFile(path, {.max_bytes = 100}).ok());
  EXPECT_EQ(ReadRegularFile(path, {.max_bytes = 99}).error().message, "is larger than the 99 bytes input limit");
  ASSERT_TRUE(MakeSparseFile(tree.Path("sparse"), 10ull << 30));
  EXPECT_EQ(ReadRegularFile(tree.Path("sparse"), {}).error().message, "is larger than the 64 MiB input limit");
}

TEST(HostileReadFile, MissingAndUnreadable) {
  TempTree tree;
  EXPECT_EQ(ReadRegularFile(tree.Path("nope"), {}).error().message, "cannot read file");
  const std::string path = tree.Write("locked", "x");
  ::chmod(path.c_str(), 0);
  ::chmod(tree.Path().c_str(), 0755);
  EXPECT_EQ(RunUnprivileged([&] { return ReadRegularFile(path, {}).ok() ? 1 : 0; }), 0);
}

}  // namespace
}  // namespace rekey
