#include "rekey/source/decode.h"

#include <gtest/gtest.h>

#include <string>

#include "rekey/base/base64.h"

namespace rekey {
namespace {

std::vector<EncodedSpan> Spans(std::string_view text) {
  std::vector<EncodedSpan> out;
  FindEncodedSpans(text, out);
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

const std::string kPlain = "api_token: rkdemo_Q7w9Lk2Xp4Zr8Tn6Vb3Mc1";

TEST(FindEncodedSpans, FindsBase64OfTextInAnyPlace) {
  const std::string encoded = Base64Encode(kPlain);
  for (const std::string& text : {"data:\n  token: " + encoded + "\n", "X=" + encoded, encoded,
                                  std::string(300, 'a') + " \"" + encoded + "\" " + std::string(300, 'b')}) {
    SCOPED_TRACE(text);
    const std::vector<EncodedSpan> spans = Spans(text);
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].encoding, Encoding::kBase64);
    EXPECT_EQ(text.substr(spans[0].start, spans[0].end - spans[0].start), encoded);
  }
}

TEST(FindEncodedSpans, TellsUrlSafeBase64AndHexApart) {
  const std::string url = Base64Encode(kPlain + "???>>>", kBase64Url);
  ASSERT_NE(url.find_first_of("-_"), std::string::npos);
  std::vector<EncodedSpan> spans = Spans("v=" + url + ";");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].encoding, Encoding::kBase64Url);
  spans = Spans("hex " + Hex(kPlain) + " end");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].encoding, Encoding::kHex);
}

TEST(FindEncodedSpans, SkipsIdentifiersPathsHashesAndShortRuns) {
  for (const std::string& text :
       {std::string("getUserAccountInformationFromTheDatabase();"), std::string("/usr/share/doc/libfoo/changelog"),
        std::string("SOME_VERY_LONG_CONSTANT_NAME_FOR_A_FLAG"), std::string("sha256:") + std::string(64, 'f'),
        std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),  // a digest: not text
        std::string("short=QUJD"), std::string(4096, 'x')}) {
    SCOPED_TRACE(text);
    for (const EncodedSpan& s : Spans(text)) {
      DecodedText d;
      EXPECT_FALSE(Decode(text.substr(s.start, s.end - s.start), s.encoding, d)) << "decoded: " << d.text;
    }
  }
}

TEST(FindEncodedSpans, FindsPercentAndBackslashEscapes) {
  std::vector<EncodedSpan> spans = Spans("url = \"https://u:p%40ss%21word@host/x\";");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].encoding, Encoding::kPercent);
  spans = Spans("s = \"\\u0061\\u0070\\u0069_key=rk\\x41BC1234567890\"");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].encoding, Encoding::kEscape);
}

TEST(Decode, Base64AndHexAreWhollyFresh) {
  DecodedText d;
  ASSERT_TRUE(Decode(Base64Encode(kPlain), Encoding::kBase64, d));
  EXPECT_EQ(d.text, kPlain);
  ASSERT_EQ(d.fresh.size(), 1u);
  EXPECT_EQ(d.fresh[0], std::make_pair(std::size_t{0}, kPlain.size()));
  ASSERT_TRUE(Decode(Hex(kPlain), Encoding::kHex, d));
  EXPECT_EQ(d.text, kPlain);
}

TEST(Decode, EscapesMarkOnlyWhatTheyProduced) {
  DecodedText d;
  ASSERT_TRUE(Decode("p%40ss%21word_and_more", Encoding::kPercent, d));
  EXPECT_EQ(d.text, "p@ss!word_and_more");
  EXPECT_EQ(d.fresh, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {4, 5}}));
  ASSERT_TRUE(Decode("https:\\/\\/user:pw@host\\u0021", Encoding::kEscape, d));
  EXPECT_EQ(d.text, "https://user:pw@host!");
  EXPECT_EQ(d.fresh.size(), 3u);
}

TEST(Decode, RejectsBinaryAndBrokenInput) {
  DecodedText d;
  EXPECT_FALSE(Decode(Base64Encode(std::string("\x01\x02\x03\x90\xff\x00\x10\x80\x81\x82\x83\x84", 12)),
                      Encoding::kBase64, d));
  EXPECT_FALSE(Decode("QUJD!!!!", Encoding::kBase64, d));
  EXPECT_FALSE(Decode("no escapes at all", Encoding::kPercent, d));
  EXPECT_FALSE(LooksLikeText("short"));
  EXPECT_TRUE(LooksLikeText("plain text here"));
  EXPECT_FALSE(LooksLikeText(std::string("with\0nul!!", 10)));
}

}  // namespace
}  // namespace rekey
