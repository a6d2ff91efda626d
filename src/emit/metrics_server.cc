// The --listen endpoint: an accept loop feeding a small pool of workers.
#include "rekey/emit/metrics_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace rekey {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void Respond(int fd, const HttpResponse& r, bool head, std::string_view extra_headers = "") {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) + "\r\n";
  out +=
      "Content-Type: " + (r.content_type.empty() ? std::string("text/plain; charset=utf-8") : r.content_type) + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "Cache-Control: no-store\r\nConnection: close\r\n";
  out += extra_headers;
  out += "\r\n";
  if (!SendAll(fd, out)) return;
  if (!head) SendAll(fd, r.body);
}

HttpResponse Text(int status, std::string body) { return {status, "text/plain; charset=utf-8", std::move(body)}; }

// Reads the request head (up to the blank line); false when the client went
// away or timed out. `too_large` when it exceeds the bound.
bool ReadHead(int fd, std::string& head, bool& too_large) {
  char buf[2048];
  too_large = false;
  while (head.find("\r\n\r\n") == std::string::npos && head.find("\n\n") == std::string::npos) {
    if (head.size() > MetricsServer::kMaxRequestHead) {
      too_large = true;
      return true;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    head.append(buf, static_cast<size_t>(n));
  }
  return true;
}

void HandleConnection(int fd, const HttpHandler& handler) {
  const timeval timeout{static_cast<time_t>(MetricsServer::kIoTimeout.seconds()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  std::string head;
  bool too_large = false;
  if (!ReadHead(fd, head, too_large)) return;
  if (too_large) return Respond(fd, Text(431, "request head too large\n"), false);
  // "GET /metrics HTTP/1.1"
  const size_t eol = head.find_first_of("\r\n");
  const std::string line = head.substr(0, eol);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
  if (sp2 == std::string::npos || line.compare(sp2 + 1, 5, "HTTP/") != 0) {
    return Respond(fd, Text(400, "malformed request line\n"), false);
  }
  const std::string method = line.substr(0, sp1);
  std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (const size_t q = target.find('?'); q != std::string::npos) target.resize(q);
  const bool head_only = method == "HEAD";
  if (method != "GET" && !head_only) {
    return Respond(fd, Text(405, "only GET and HEAD\n"), false, "Allow: GET, HEAD\r\n");
  }
  if (target == "/metrics") return Respond(fd, handler(), head_only);
  if (target == "/") return Respond(fd, Text(200, "rekey metrics: GET /metrics\n"), head_only);
  Respond(fd, Text(404, "not found: GET /metrics\n"), head_only);
}

// Closing with unread request bytes would reset the connection and could
// discard the response (a 431 to an oversized head): signal the end, drain what
// the client still sends (bounded), then close.
void CloseGracefully(int fd) {
  shutdown(fd, SHUT_WR);
  const timeval brief{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &brief, sizeof brief);
  char buf[4096];
  for (size_t drained = 0; drained < (1u << 20);) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
  close(fd);
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const char kHint[] =
      "give HOST:PORT with a numeric address, e.g. 127.0.0.1:9464 or [::1]:9464 (a bare port "
      "listens on 127.0.0.1)";
  ListenAddress out;
  std::string_view port = text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find("]:");
    if (close == std::string_view::npos) return Error{"expected [IPv6]:PORT", kHint, 1};
    out.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    out.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
  } else {
    out.host = "127.0.0.1";
  }
  if (out.host == "localhost") out.host = "127.0.0.1";
  unsigned char addr[sizeof(in6_addr)];
  if (inet_pton(AF_INET, out.host.c_str(), addr) != 1 && inet_pton(AF_INET6, out.host.c_str(), addr) != 1) {
    return Error{"\"" + out.host + "\" is not a numeric IP address", kHint, 1};
  }
  if (port.empty() || port.size() > 5) return Error{"missing or invalid port", kHint, 0};
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return Error{"port \"" + std::string(port) + "\" is not a number", kHint, 0};
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return Error{"port " + std::to_string(value) + " is above 65535", kHint, 0};
  out.port = static_cast<uint16_t>(value);
  return out;
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::Bind(const ListenAddress& address) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, address.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(address.port);
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.host.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(address.port);
    length = sizeof(sockaddr_in6);
  } else {
    return Error{"\"" + address.host + "\" is not a numeric IP address", "", 0};
  }
  const std::string where = address.host + ":" + std::to_string(address.port);
  const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{std::string("cannot open a socket: ") + std::strerror(errno), "", 0};
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 || listen(fd, 128) != 0) {
    const std::string why = std::strerror(errno);
    close(fd);
    return Error{"cannot listen on " + where + ": " + why, "pick a free port, or another address", 0};
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  const uint16_t port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                                : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    close(fd);
    return Error{std::string("cannot create a pipe: ") + std::strerror(errno), "", 0};
  }
  return std::unique_ptr<MetricsServer>(new MetricsServer(fd, wake[0], wake[1], port));
}

MetricsServer::~MetricsServer() {
  close(listen_fd_);
  close(wake_read_);
  close(wake_write_);
}

void MetricsServer::Stop() {
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = write(wake_write_, &byte, 1);  // async-signal-safe
}

void MetricsServer::Serve(const HttpHandler& handler) {
  std::mutex mu;
  std::condition_variable ready;
  std::deque<int> queue;
  bool stopping = false;
  std::vector<std::thread> workers;
  for (int i = 0; i < kWorkers; ++i) {
    workers.emplace_back([&] {
      for (;;) {
        int fd = -1;
        {
          std::unique_lock<std::mutex> lock(mu);
          ready.wait(lock, [&] { return stopping || !queue.empty(); });
          if (queue.empty()) return;  // stopping, nothing left
          fd = queue.front();
          queue.pop_front();
        }
        HandleConnection(fd, handler);
        CloseGracefully(fd);
      }
    });
  }
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {  // the client gave up, or a descriptor limit: wait a little, poll again
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    std::unique_lock<std::mutex> lock(mu);
    if (queue.size() >= kMaxQueued) {
      lock.unlock();
      const timeval quick{1, 0};
      setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &quick, sizeof quick);
      Respond(client, Text(503, "busy\n"), false);
      close(client);
      continue;
    }
    queue.push_back(client);
    ready.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
  }
  ready.notify_all();
  for (std::thread& t : workers) t.join();
}

}  // namespace rekey
