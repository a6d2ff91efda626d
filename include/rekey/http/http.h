// The HTTP client every network call of rekey goes through (vault, providers,
// Prometheus): one libcurl adapter (CurlTransport, the only place curl.h is
// included) under HttpClient, which adds what the rotation needs from a
// client: per-request timeouts, retries with exponential backoff and full
// jitter on 429 / 5xx / timeouts honouring Retry-After, a per-host rate limit,
// and request logging with Authorization / X-Vault-Token headers and bodies
// redacted.
//
// Idempotency: a request marked `idempotent = false` (a provider's create) is
// retried only when it certainly was not processed (429, 503, connection
// refused); a timeout or another 5xx comes back as a transient error, and the
// caller decides (provider create looks for the key it may have made first).
//
// Errors: Result<HttpResponse> fails only when no HTTP response was received
// (DNS, TLS, connect, timeout); an HTTP error status is a response.
//
// Thread-safety: HttpClient is safe to share between threads (the rate
// limiter and the stats are locked); a transport is used by one request at
// a time per thread.
//
//   HttpClient client(MakeCurlTransport({.ca_file = ca}), {.max_attempts = 4});
//   Result<HttpResponse> r = client.Send({.method = "GET", .url = url});
//   if (r && r->status == 200) Use(r->body);
#ifndef REKEY_HTTP_HTTP_H_
#define REKEY_HTTP_HTTP_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rekey/base/result.h"

namespace rekey {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  bool idempotent = true;  // false: never replay when the server may have acted
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // names lower-cased
  std::string body;
  std::optional<std::string> Header(std::string_view name) const;  // case-insensitive
};

// Why a request got no response: kTimeout and kConnect may be retried.
enum class TransportFailure { kNone, kConnect, kTimeout, kTls, kOther };

struct TransportResult {
  std::optional<HttpResponse> response;
  TransportFailure failure = TransportFailure::kNone;
  std::string error;  // curl's message when there is no response
};

// Sends one request once. Implementations: CurlTransport, test fakes.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult Perform(const HttpRequest& request) = 0;
};

struct TransportOptions {
  std::string ca_file;  // PEM bundle; empty = the system store
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{15000};  // whole request
};

std::unique_ptr<HttpTransport> MakeCurlTransport(const TransportOptions& options);

struct RetryOptions {
  int max_attempts = 5;                         // including the first
  std::chrono::milliseconds base_backoff{200};  // doubled per attempt, full jitter
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds max_retry_after{60000};  // a longer Retry-After fails the request
};

// At most `per_second` requests per host, spaced evenly (0 = unlimited).
struct RateLimit {
  double per_second = 0;
};

// What the client spent its time on (bench figures, --verbose).
struct HttpStats {
  long requests = 0;
  long retries = 0;
  double rate_limit_wait_s = 0;  // waiting for the per-host limit
  double backoff_wait_s = 0;     // waiting between attempts (incl. Retry-After)
};

// Called with one line per request attempt, already redacted.
using HttpLogger = std::function<void(const std::string& line)>;

class HttpClient {
 public:
  HttpClient(std::unique_ptr<HttpTransport> transport, RetryOptions retry = {});

  // A limit for requests to `host` (as in the URL: "api.example.com:8443").
  void SetRateLimit(const std::string& host, RateLimit limit);
  void SetLogger(HttpLogger logger) { logger_ = std::move(logger); }

  // Sends with retries. A response with a retryable status that outlived its
  // attempts comes back as that response; no response at all is an Error
  // whose message says why (and that it was transient).
  Result<HttpResponse> Send(const HttpRequest& request);

  HttpStats stats() const;

 private:
  void WaitForRateLimit(const std::string& host);
  void Sleep(std::chrono::milliseconds wait, double HttpStats::*counter);
  std::chrono::milliseconds Backoff(int attempt);

  std::unique_ptr<HttpTransport> transport_;
  std::mutex transport_mu_;  // one request at a time through the transport
  RetryOptions retry_;
  HttpLogger logger_;
  mutable std::mutex mu_;
  std::map<std::string, RateLimit> limits_;
  std::map<std::string, std::chrono::steady_clock::time_point> next_slot_;
  HttpStats stats_;
  unsigned jitter_state_;
};

// The host[:port] of an http(s) URL, "" when it has none.
std::string UrlHost(std::string_view url);
// Percent-encoding of one URL path segment or query value (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view text);

// Delay asked for by a Retry-After header: delta-seconds or an HTTP date
// (relative to `now_unix`); nullopt when absent or unparsable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, long long now_unix);

// Retryable statuses: 429 and 5xx except 501 and 505.
bool IsRetryableStatus(int status);

// "POST https://host/path" plus headers, with the values of Authorization,
// X-Vault-Token, Cookie and any header named *token*, *secret*, *password*,
// *api-key*, *apikey*, *-key or *_key replaced by "<redacted>", and the body
// as its length only ("body: 123 bytes").
std::string DescribeRequest(const HttpRequest& request);

}  // namespace rekey

#endif  // REKEY_HTTP_HTTP_H_
