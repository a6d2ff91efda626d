// HttpClient over a scripted transport: retries, backoff, Retry-After,
// idempotency, rate limits, redaction.
#include <gtest/gtest.h>

#include <deque>

#include "rekey/http/http.h"

namespace rekey {
namespace {

// Answers from a script; records every request.
class ScriptedTransport final : public HttpTransport {
 public:
  explicit ScriptedTransport(std::deque<TransportResult> script) : script_(std::move(script)) {}
  TransportResult Perform(const HttpRequest& request) override {
    seen.push_back(request);
    if (script_.empty()) return Status(500);
    TransportResult r = script_.front();
    script_.pop_front();
    return r;
  }
  static TransportResult Status(int status, Headers headers = {}) {
    TransportResult r;
    r.response = HttpResponse{status, std::move(headers), "{}"};
    return r;
  }
  static TransportResult Failure(TransportFailure f) {
    TransportResult r;
    r.failure = f;
    r.error = "scripted";
    return r;
  }
  std::vector<HttpRequest> seen;

 private:
  std::deque<TransportResult> script_;
};

RetryOptions Fast() {
  RetryOptions o;
  o.max_attempts = 4;
  o.base_backoff = std::chrono::milliseconds(1);
  o.max_backoff = std::chrono::milliseconds(2);
  o.max_retry_after = std::chrono::milliseconds(1500);
  return o;
}

struct Client {
  explicit Client(std::deque<TransportResult> script) {
    auto t = std::make_unique<ScriptedTransport>(std::move(script));
    transport = t.get();
    http = std::make_unique<HttpClient>(std::move(t), Fast());
  }
  ScriptedTransport* transport;
  std::unique_ptr<HttpClient> http;
};

HttpRequest Get() {
  HttpRequest r;
  r.url = "https://api.example.test/keys";
  return r;
}

TEST(HttpClient, RetriesServerErrorsThenSucceeds) {
  Client c({ScriptedTransport::Status(503), ScriptedTransport::Status(502), ScriptedTransport::Status(200)});
  Result<HttpResponse> r = c.http->Send(Get());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(c.transport->seen.size(), 3u);
  EXPECT_EQ(c.http->stats().retries, 2);
}

TEST(HttpClient, GivesUpAfterMaxAttemptsWithTheLastResponse) {
  Client c({});
  Result<HttpResponse> r = c.http->Send(Get());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(c.transport->seen.size(), 4u);
}

TEST(HttpClient, ClientErrorsAreNotRetried) {
  Client c({ScriptedTransport::Status(404)});
  EXPECT_EQ(c.http->Send(Get())->status, 404);
  EXPECT_EQ(c.transport->seen.size(), 1u);
}

TEST(HttpClient, NonIdempotentRequestIsRetriedOnlyWhenCertainlyUnprocessed) {
  HttpRequest create = Get();
  create.method = "POST";
  create.idempotent = false;
  Client c({ScriptedTransport::Status(429), ScriptedTransport::Status(500)});
  EXPECT_EQ(c.http->Send(create)->status, 500);  // 429 retried, 500 (maybe acted on) returned
  EXPECT_EQ(c.transport->seen.size(), 2u);
  Client timeout({ScriptedTransport::Failure(TransportFailure::kTimeout)});
  Result<HttpResponse> lost = timeout.http->Send(create);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(timeout.transport->seen.size(), 1u);
  EXPECT_NE(lost.error().hint.find("transient"), std::string::npos);
}

TEST(HttpClient, TimeoutsOfIdempotentRequestsAreRetried) {
  Client c({ScriptedTransport::Failure(TransportFailure::kTimeout), ScriptedTransport::Status(200)});
  EXPECT_EQ(c.http->Send(Get())->status, 200);
  Client tls({ScriptedTransport::Failure(TransportFailure::kTls)});
  EXPECT_FALSE(tls.http->Send(Get()).ok());
  EXPECT_EQ(tls.transport->seen.size(), 1u);  // a TLS failure does not heal by retrying
}

TEST(HttpClient, RetryAfterIsHonouredAndATooLongOneEndsTheRetries) {
  Client c({ScriptedTransport::Status(429, {{"retry-after", "1"}}), ScriptedTransport::Status(200)});
  EXPECT_EQ(c.http->Send(Get())->status, 200);
  EXPECT_GE(c.http->stats().backoff_wait_s, 1.0);
  Client too_long({ScriptedTransport::Status(429, {{"retry-after", "3600"}})});
  EXPECT_EQ(too_long.http->Send(Get())->status, 429);
  EXPECT_EQ(too_long.transport->seen.size(), 1u);
}

TEST(HttpClient, RateLimitSpacesRequestsToAHost) {
  Client c({ScriptedTransport::Status(200), ScriptedTransport::Status(200), ScriptedTransport::Status(200)});
  c.http->SetRateLimit("api.example.test", {50});
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.http->Send(Get())->status, 200);
  EXPECT_GT(c.http->stats().rate_limit_wait_s, 0.0);  // the 2nd and 3rd waited for their slots
}

TEST(ParseRetryAfter, SecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("7", 0), std::chrono::milliseconds(7000));
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 10), std::chrono::milliseconds(20000));
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:30 GMT", 100), std::chrono::milliseconds(0));
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("", 0));
}

TEST(DescribeRequest, RedactsCredentialsAndBodies) {
  HttpRequest r = Get();
  r.method = "POST";
  r.headers = {{"Authorization", "Bearer s3cr3t-admin"},
               {"X-Vault-Token", "hvs.fake"},
               {"X-Api-Key", "k"},
               {"X-Rekey-Rotation-Id", "rot-a-1"}};
  r.body = R"({"key":"value-that-must-not-appear"})";
  const std::string text = DescribeRequest(r);
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(text.find("hvs.fake"), std::string::npos);
  EXPECT_EQ(text.find("value-that-must-not-appear"), std::string::npos);
  EXPECT_NE(text.find("X-Api-Key: <redacted>"), std::string::npos);
  EXPECT_NE(text.find("X-Rekey-Rotation-Id: rot-a-1"), std::string::npos);
  EXPECT_NE(text.find("body: 36 bytes"), std::string::npos);
}

TEST(Url, HostAndEncoding) {
  EXPECT_EQ(UrlHost("https://user@API.example.test:8443/v1/x?y"), "api.example.test:8443");
  EXPECT_EQ(UrlHost("not a url"), "");
  EXPECT_EQ(UrlEncode("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
  EXPECT_TRUE(IsRetryableStatus(429));
  EXPECT_TRUE(IsRetryableStatus(503));
  EXPECT_FALSE(IsRetryableStatus(501));
  EXPECT_FALSE(IsRetryableStatus(404));
}

}  // namespace
}  // namespace rekey
