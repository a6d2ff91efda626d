// The --listen endpoint over real loopback sockets: routes, methods, the
// request-size bound, and many scrapes at once.
#include "rekey/emit/metrics_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rekey {
namespace {

TEST(ListenAddress, LoopbackUnlessToldOtherwise) {
  EXPECT_EQ(ParseListenAddress("9464")->host, "127.0.0.1");
  EXPECT_EQ(ParseListenAddress("9464")->port, 9464);
  EXPECT_EQ(ParseListenAddress("0.0.0.0:80")->host, "0.0.0.0");
  EXPECT_EQ(ParseListenAddress("[::1]:9464")->host, "::1");
  EXPECT_EQ(ParseListenAddress("localhost:1")->host, "127.0.0.1");
  for (const char* bad : {"", "host.example:80", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:x", "[::1]9464"}) {
    EXPECT_FALSE(ParseListenAddress(bad)) << bad;
  }
}

// One request on a fresh connection; the whole response.
std::string Request(uint16_t port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "connect failed";
  }
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, static_cast<size_t>(n));
  close(fd);
  return response;
}

class ServerTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<MetricsServer>> bound = MetricsServer::Bind({"127.0.0.1", 0});
    ASSERT_TRUE(bound) << bound.error().message;
    server_ = std::move(*bound);
    thread_ = std::thread([this] {
      server_->Serve([this] {
        ++calls_;
        return HttpResponse{200, "text/plain; version=0.0.4", "rekey_build_info 1\n"};
      });
    });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }
  std::unique_ptr<MetricsServer> server_;
  std::thread thread_;
  std::atomic<int> calls_{0};
};

TEST_F(ServerTest, ServesMetricsAndNothingElse) {
  const std::string ok = Request(server_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(ok.starts_with("HTTP/1.1 200 OK\r\n")) << ok;
  EXPECT_NE(ok.find("Content-Type: text/plain; version=0.0.4\r\n"), std::string::npos);
  EXPECT_NE(ok.find("Content-Length: 19\r\n"), std::string::npos);
  EXPECT_TRUE(ok.ends_with("\r\n\r\nrekey_build_info 1\n"));
  EXPECT_TRUE(Request(server_->port(), "GET /metrics?x=1 HTTP/1.0\r\n\r\n").starts_with("HTTP/1.1 200"));
  const std::string head = Request(server_->port(), "HEAD /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200") && head.ends_with("\r\n\r\n")) << head;
  EXPECT_TRUE(Request(server_->port(), "GET /other HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404"));
  const std::string post = Request(server_->port(), "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(post.starts_with("HTTP/1.1 405")) << post;
  EXPECT_NE(post.find("Allow: GET, HEAD\r\n"), std::string::npos);
  EXPECT_TRUE(Request(server_->port(), "nonsense\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_EQ(calls_, 3);  // only the /metrics GETs and HEAD reached the handler
}

TEST_F(ServerTest, RefusesAnOversizedRequestHead) {
  const std::string big = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(MetricsServer::kMaxRequestHead + 100, 'a');
  EXPECT_TRUE(Request(server_->port(), big).starts_with("HTTP/1.1 431")) << Request(server_->port(), big);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, ConcurrentScrapesAllAnswered) {
  constexpr int kThreads = 16, kEach = 20;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const std::string r = Request(server_->port(), "GET /metrics HTTP/1.1\r\n\r\n");
        // A full queue answers 503 (bounded); every response is a whole HTTP response.
        if (r.starts_with("HTTP/1.1 200") && r.ends_with("rekey_build_info 1\n")) ++ok;
        EXPECT_TRUE(r.starts_with("HTTP/1.1 200") || r.starts_with("HTTP/1.1 503")) << r;
      }
    });
  }
  for (std::thread& c : clients) c.join();
  EXPECT_EQ(ok, calls_.load());
  EXPECT_GT(ok, 0);
}

TEST(MetricsServer, BindReportsABusyPort) {
  Result<std::unique_ptr<MetricsServer>> first = MetricsServer::Bind({"127.0.0.1", 0});
  ASSERT_TRUE(first);
  Result<std::unique_ptr<MetricsServer>> second = MetricsServer::Bind({"127.0.0.1", (*first)->port()});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("cannot listen on 127.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace rekey
