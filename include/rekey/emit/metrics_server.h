// The HTTP/1.1 endpoint of `rekey metrics --listen`: GET (or HEAD) /metrics
// answers with what the handler returns; / names the endpoint; anything else
// is 404, other methods 405. Plain POSIX sockets, one connection per request
// (`Connection: close`), no third-party server.
//
// Bounds: a request head larger than kMaxRequestHead is refused (431), a
// client that sends nothing for kIoTimeout is dropped, at most kWorkers
// requests are served at once and kMaxQueued wait; further connections get
// 503 at once. The handler runs on worker threads, several at a time: it must
// be thread-safe.
//
// Thread-safety: Serve() on one thread; Stop() from any thread or a signal
// handler (it writes one byte to a pipe).
//
//   Result<ListenAddress> where = ParseListenAddress("127.0.0.1:9464");
//   Result<std::unique_ptr<MetricsServer>> server = MetricsServer::Bind(*where);
//   (*server)->Serve([] { return HttpResponse{200, kMetricsContentType, Render()}; });
#ifndef REKEY_EMIT_METRICS_SERVER_H_
#define REKEY_EMIT_METRICS_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "rekey/base/duration.h"
#include "rekey/base/result.h"

namespace rekey {

struct ListenAddress {
  std::string host;   // numeric IPv4 or IPv6 address
  uint16_t port = 0;  // 0 = any free port (MetricsServer::port() tells which)
};

// "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464" (explicitly every interface),
// or a bare port "9464" meaning 127.0.0.1: loopback unless told otherwise.
Result<ListenAddress> ParseListenAddress(std::string_view text);

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};
using HttpHandler = std::function<HttpResponse()>;

class MetricsServer {
 public:
  static constexpr size_t kMaxRequestHead = 8192;
  static constexpr Duration kIoTimeout = Duration::Seconds(10);
  static constexpr int kWorkers = 4;
  static constexpr size_t kMaxQueued = 64;

  static Result<std::unique_ptr<MetricsServer>> Bind(const ListenAddress& address);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  uint16_t port() const { return port_; }
  // Serves GET /metrics with `handler` until Stop(); returns after the
  // requests in progress are answered.
  void Serve(const HttpHandler& handler);
  void Stop();

 private:
  MetricsServer(int listen_fd, int wake_read, int wake_write, uint16_t port)
      : listen_fd_(listen_fd), wake_read_(wake_read), wake_write_(wake_write), port_(port) {}

  int listen_fd_;
  int wake_read_;
  int wake_write_;
  uint16_t port_;
};

}  // namespace rekey

#endif  // REKEY_EMIT_METRICS_SERVER_H_
