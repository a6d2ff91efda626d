// HttpClient: retries with exponential backoff and full jitter, Retry-After,
// per-host rate limits, redacted request logging.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <thread>

#include "rekey/http/http.h"

namespace rekey {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool SensitiveHeader(std::string_view name) {
  const std::string n = Lower(name);
  auto ends_with = [&n](std::string_view tail) {
    return n.size() >= tail.size() && n.compare(n.size() - tail.size(), tail.size(), tail) == 0;
  };
  return n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "x-vault-token" ||
         n.find("token") != std::string::npos || n.find("secret") != std::string::npos ||
         n.find("password") != std::string::npos || n.find("api-key") != std::string::npos ||
         n.find("apikey") != std::string::npos || ends_with("-key") || ends_with("_key");
}

const char* FailureName(TransportFailure f) {
  switch (f) {
    case TransportFailure::kConnect:
      return "connection failed";
    case TransportFailure::kTimeout:
      return "no response (timeout or connection lost)";
    case TransportFailure::kTls:
      return "TLS error";
    default:
      return "transport error";
  }
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  const std::string n = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == n) return value;
  }
  return std::nullopt;
}

bool IsRetryableStatus(int status) { return status == 429 || (status >= 500 && status != 501 && status != 505); }

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  return Lower(rest);
}

std::string UrlEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, long long now_unix) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const long long at = timegm(&tm);
  return std::chrono::seconds(std::max(0LL, at - now_unix));
}

std::string DescribeRequest(const HttpRequest& request) {
  std::string out = request.method + " " + request.url;
  for (const auto& [name, value] : request.headers) {
    out += "\n    " + name + ": " + (SensitiveHeader(name) ? std::string("<redacted>") : value);
  }
  if (!request.body.empty()) out += "\n    body: " + std::to_string(request.body.size()) + " bytes";
  return out;
}

HttpClient::HttpClient(std::unique_ptr<HttpTransport> transport, RetryOptions retry)
    : transport_(std::move(transport)),
      retry_(retry),
      jitter_state_(static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())) {}

void HttpClient::SetRateLimit(const std::string& host, RateLimit limit) {
  std::lock_guard<std::mutex> lock(mu_);
  limits_[Lower(host)] = limit;
}

HttpStats HttpClient::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

// Reserves the host's next slot, then sleeps until it (evenly spaced requests).
void HttpClient::WaitForRateLimit(const std::string& host) {
  std::chrono::steady_clock::time_point slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto limit = limits_.find(host);
    if (limit == limits_.end() || limit->second.per_second <= 0) return;
    const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / limit->second.per_second));
    const auto now = std::chrono::steady_clock::now();
    auto& next = next_slot_[host];
    slot = std::max(next, now);
    next = slot + interval;
  }
  const auto wait = slot - std::chrono::steady_clock::now();
  if (wait.count() > 0)
    Sleep(std::chrono::duration_cast<std::chrono::milliseconds>(wait), &HttpStats::rate_limit_wait_s);
}

void HttpClient::Sleep(std::chrono::milliseconds wait, double HttpStats::*counter) {
  if (wait.count() <= 0) return;
  std::this_thread::sleep_for(wait);
  std::lock_guard<std::mutex> lock(mu_);
  stats_.*counter += wait.count() / 1000.0;
}

// Full jitter: uniform in [0, min(max, base * 2^attempt)].
std::chrono::milliseconds HttpClient::Backoff(int attempt) {
  long long cap = retry_.base_backoff.count() << std::min(attempt, 20);
  cap = std::min<long long>(cap, retry_.max_backoff.count());
  std::lock_guard<std::mutex> lock(mu_);
  jitter_state_ = jitter_state_ * 1103515245u + 12345u;
  return std::chrono::milliseconds(cap <= 0 ? 0 : (jitter_state_ >> 8) % (cap + 1));
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  const std::string host = UrlHost(request.url);
  std::string last_error;
  for (int attempt = 0; attempt < std::max(1, retry_.max_attempts); ++attempt) {
    WaitForRateLimit(host);
    if (logger_) logger_((attempt > 0 ? "retry " + std::to_string(attempt) + ": " : "") + DescribeRequest(request));
    TransportResult result;
    {
      std::lock_guard<std::mutex> lock(transport_mu_);
      result = transport_->Perform(request);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.requests;
      if (attempt > 0) ++stats_.retries;
    }
    const bool last = attempt + 1 >= retry_.max_attempts;
    if (result.response) {
      HttpResponse& response = *result.response;
      if (!IsRetryableStatus(response.status) || last) return std::move(response);
      // A server that may have acted on a non-idempotent request is not asked again.
      const bool unprocessed = response.status == 429 || response.status == 503;
      if (!request.idempotent && !unprocessed) return std::move(response);
      std::chrono::milliseconds wait = Backoff(attempt);
      if (std::optional<std::string> after = response.Header("retry-after")) {
        std::optional<std::chrono::milliseconds> asked = ParseRetryAfter(*after, std::time(nullptr));
        if (asked && *asked > retry_.max_retry_after) return std::move(response);
        if (asked) wait = std::max(wait, *asked);
      }
      Sleep(wait, &HttpStats::backoff_wait_s);
      continue;
    }
    last_error = std::string(FailureName(result.failure)) + ": " + result.error;
    const bool retryable = result.failure == TransportFailure::kConnect ||
                           (result.failure == TransportFailure::kTimeout && request.idempotent);
    if (!retryable || last) break;
    Sleep(Backoff(attempt), &HttpStats::backoff_wait_s);
  }
  return Error{request.method + " " + request.url + ": " + last_error,
               "transient: the server did not answer; rekey retries at the next run"};
}

}  // namespace rekey
