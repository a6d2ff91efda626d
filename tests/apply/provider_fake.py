#!/usr/bin/env python3
"""A fake key provider for rekey's tests: an admin API that creates, lists and
revokes API keys, a "whoami" endpoint a key authenticates itself against, and
per-key last-used telemetry — with fault injection.

  POST   /keys              {"name": label}   (admin)   -> 201 {"id", "secret", "name"}
  GET    /keys?name=LABEL                     (admin)   -> {"data": [{"id", "name", "secret"?, "revoked"}]}
  DELETE /keys/<id>                           (admin)   -> 200; 404 when unknown
  GET    /whoami                              (the key) -> 200 {"id"} for a live key (records a use), 401 otherwise
  GET    /keys/<id>/usage                     (admin)   -> {"last_used_at": RFC 3339 | null}

Admin calls need "Authorization: Bearer <admin token>".

Test controls: POST /_test/faults {"op": "create|list|revoke|whoami|usage",
"mode": "500|429|timeout|lost|down", "count": N, "retry_after": S} (lost: the
create happens, the response never comes); POST /_test/seed {"id", "secret",
"name"} adds a live key; POST /_test/use {"id", "time"} sets last use;
POST /_test/config {"list_secrets": bool, "hang": S, "metric": V}
(GET /api/v1/query answers V as a Prometheus instant vector); GET /_test/state dumps
every key (with create/revoke times) and the per-second request counts.

Run: provider_fake.py --admin-token T  prints "PORT <n>", then serves.
"""
import argparse
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class State:
    def __init__(self):
        self.keys = {}  # id -> {"id", "secret", "name", "created", "revoked_at", "last_used"}
        self.next_id = 1
        self.faults = {}  # op -> {"mode", "count", "retry_after"}
        self.list_secrets = True
        self.hang = 3.0
        self.per_second = {}  # int(time) -> admin requests
        self.metric = None  # the value /api/v1/query answers (None: no series)
        self.queries = []
        self.log = []


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one response, one segment: no delayed-ACK stalls
    admin_token = "admin"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        try:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return {}

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else ""

    def fault(self, op):
        """Applies an injected fault; returns True when the request was answered."""
        f = STATE.faults.get(op)
        if not f or f["count"] == 0:
            return False, None
        if f["count"] > 0:
            f["count"] -= 1
        return True, f

    def handle_any(self, method):
        url = urlparse(self.path)
        body = self.body()
        if url.path.startswith("/_test/"):
            return self.control(url.path, body)
        parts = [p for p in url.path.split("/") if p]
        op = {("POST", 1): "create", ("GET", 1): "list", ("DELETE", 2): "revoke"}.get((method, len(parts)))
        if url.path == "/api/v1/query":
            return self.prometheus(url)
        if parts and parts[0] == "whoami":
            op = "whoami"
        elif len(parts) == 3 and parts[2] == "usage":
            op = "usage"
        with LOCK:
            STATE.per_second[int(time.time())] = STATE.per_second.get(int(time.time()), 0) + 1
            STATE.log.append({"method": method, "path": url.path, "op": op, "time": time.time()})
            hit, f = self.fault(op)
            hang = STATE.hang
        if hit:
            mode = f["mode"]
            if mode == "timeout":
                time.sleep(hang)
                return self.reply(504, {"error": "late"})
            if mode == "429":
                return self.reply(429, {"error": "rate limited"}, {"Retry-After": str(f.get("retry_after", 1))})
            if mode in ("500", "down"):
                return self.reply(500 if mode == "500" else 503, {"error": "provider unavailable"})
            if mode == "lost":
                self.serve(op, method, parts, url, body)  # done, but the answer is lost
                time.sleep(hang)
                self.close_connection = True
                return None
        return self.serve(op, method, parts, url, body, respond=True)

    def serve(self, op, method, parts, url, body, respond=False):
        out = (404, {"error": "not found"})
        with LOCK:
            if op in ("create", "list", "revoke", "usage") and self.bearer() != self.admin_token:
                out = (401, {"error": "bad admin credential"})
            elif op == "create":
                kid = "k_%04d" % STATE.next_id
                STATE.next_id += 1
                secret = "fk_" + "test_" + secrets.token_hex(16)
                STATE.keys[kid] = {"id": kid, "secret": secret, "name": body.get("name", ""),
                                   "created": time.time(), "revoked_at": None, "last_used": None}
                out = (201, {"id": kid, "secret": secret, "name": body.get("name", "")})
            elif op == "list":
                name = parse_qs(url.query).get("name", [None])[0]
                items = []
                for k in STATE.keys.values():
                    if name is not None and k["name"] != name:
                        continue
                    item = {"id": k["id"], "name": k["name"], "revoked": k["revoked_at"] is not None}
                    if STATE.list_secrets and k["revoked_at"] is None:
                        item["secret"] = k["secret"]
                    items.append(item)
                out = (200, {"data": items})
            elif op == "revoke":
                k = STATE.keys.get(parts[1])
                if k is None:
                    out = (404, {"error": "no such key"})
                else:
                    if k["revoked_at"] is None:
                        k["revoked_at"] = time.time()
                    out = (200, {"id": k["id"], "revoked": True})
            elif op == "whoami":
                key = next((k for k in STATE.keys.values()
                            if k["secret"] == self.bearer() and k["revoked_at"] is None), None)
                if key is None:
                    out = (401, {"error": "invalid key"})
                else:
                    key["last_used"] = time.time()
                    out = (200, {"id": key["id"]})
            elif op == "usage":
                k = STATE.keys.get(parts[1])
                if k is not None:
                    out = (200, {"last_used_at": rfc3339(k["last_used"]) if k["last_used"] else None})
        if respond:
            return self.reply(*out)
        return None

    def prometheus(self, url):
        """A Prometheus instant-query endpoint answering the configured value."""
        with LOCK:
            STATE.queries.append(parse_qs(url.query).get("query", [""])[0])
            value = STATE.metric
        result = [] if value is None else [{"metric": {}, "value": [time.time(), str(value)]}]
        return self.reply(200, {"status": "success", "data": {"resultType": "vector", "result": result}})

    def control(self, path, body):
        with LOCK:
            if path == "/_test/faults":
                STATE.faults[body["op"]] = {"mode": str(body["mode"]), "count": int(body.get("count", 1)),
                                            "retry_after": body.get("retry_after", 1)}
                return self.reply(200, STATE.faults)
            if path == "/_test/seed":
                STATE.keys[body["id"]] = {"id": body["id"], "secret": body["secret"], "name": body.get("name", ""),
                                          "created": time.time(), "revoked_at": None, "last_used": None}
                return self.reply(200, {})
            if path == "/_test/use":
                STATE.keys[body["id"]]["last_used"] = body["time"]
                return self.reply(200, {})
            if path == "/_test/config":
                if "list_secrets" in body:
                    STATE.list_secrets = bool(body["list_secrets"])
                if "metric" in body:
                    STATE.metric = body["metric"]
                if "hang" in body:
                    STATE.hang = float(body["hang"])
                return self.reply(200, {})
            if path == "/_test/state":
                return self.reply(200, {"keys": list(STATE.keys.values()), "per_second": STATE.per_second,
                                        "log": STATE.log, "queries": STATE.queries})
            if path == "/_test/reset":
                STATE.__init__()
                return self.reply(200, {})
        return self.reply(404, {})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--admin-token", default="admin")
    args = parser.parse_args()
    Handler.admin_token = args.admin_token
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
