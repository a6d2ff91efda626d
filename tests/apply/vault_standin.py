#!/usr/bin/env python3
"""A HashiCorp Vault KV version 2 stand-in for rekey's tests: the subset of
the HTTP API `rekey apply` and Debian's python3-hvac use, with Vault's paths,
status codes, error bodies and JSON shapes (checked against the real client in
vault_contract_test.py, so it cannot drift from Vault's API).

  GET/POST/DELETE  /v1/<mount>/data/<path>      read (?version=N), write (options.cas), soft-delete latest
  GET/POST/DELETE  /v1/<mount>/metadata/<path>  metadata (custom_metadata, max_versions, cas_required)
  POST             /v1/<mount>/delete|undelete|destroy/<path>   {"versions": [...]}
  LIST or GET ?list=true  /v1/<mount>/metadata/<path>/           keys under a folder

Every request needs X-Vault-Token (403 "permission denied" otherwise);
X-Vault-Namespace is recorded. Mounts are KV v2 for any name. max_versions
defaults to 10: the oldest version is destroyed past it, as Vault does.

Test controls (not Vault's API): POST /_test/outage {"count": N | "down": bool,
"status": 503, "methods": ["POST"], "path": "/v1/secret/data/x"} answers the
next N matching requests (path: a prefix) (or
all, while down) with that status; GET /_test/state dumps every secret and
the request log; POST /_test/reset clears everything.

Run: vault_standin.py [--token T] prints "PORT <n>" on stdout, then serves.
"""
import argparse
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()


def now_rfc3339():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)


class Store:
    def __init__(self):
        self.secrets = {}  # (mount, path) -> {"versions": {n: {...}}, "current": n, "oldest": n, "meta": {...}}
        self.log = []
        self.outage = {"count": 0, "down": False, "status": 503, "methods": None, "path": ""}

    def secret(self, mount, path, create=False):
        key = (mount, path)
        if key not in self.secrets and create:
            t = now_rfc3339()
            self.secrets[key] = {"versions": {}, "current": 0, "oldest": 0, "created": t, "updated": t,
                                 "max_versions": 0, "cas_required": False, "custom_metadata": None,
                                 "delete_version_after": "0s"}
        return self.secrets.get(key)


STORE = Store()


def version_meta(s, n):
    v = s["versions"][n]
    return {"created_time": v["created_time"], "custom_metadata": s["custom_metadata"],
            "deletion_time": v["deletion_time"], "destroyed": v["destroyed"], "version": n}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one response, one segment: no delayed-ACK stalls
    token = "root"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def envelope(self, data):
        return {"request_id": str(uuid.uuid4()), "lease_id": "", "renewable": False, "lease_duration": 0,
                "data": data, "wrap_info": None, "warnings": None, "auth": None}

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def handle_any(self, method):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        body = self.body()
        if url.path.startswith("/_test/"):
            return self.control(method, url.path, body)
        with LOCK:
            STORE.log.append({"method": method, "path": url.path, "time": time.time()})
            o = STORE.outage
            if (o["down"] or o["count"] > 0) and (not o["methods"] or method in o["methods"]) and \
                    url.path.startswith(o["path"]):
                if o["count"] > 0:
                    o["count"] -= 1
                return self.reply(o["status"], {"errors": ["Vault is sealed"] if o["status"] == 503 else ["internal error"]})
        if self.headers.get("X-Vault-Token") != self.token:
            return self.reply(403, {"errors": ["permission denied"]})
        parts = url.path.split("/")
        # /v1/<mount>/<kind>/<path...>
        if len(parts) < 4 or parts[1] != "v1":
            return self.reply(404, {"errors": []})
        mount, kind, path = parts[2], parts[3], "/".join(parts[4:])
        if body is None:
            return self.reply(400, {"errors": ["failed to parse JSON input"]})
        with LOCK:
            if method == "LIST" or (method == "GET" and query.get("list") == ["true"]):
                return self.list_keys(mount, path)
            if kind == "data":
                return self.data(method, mount, path, query, body)
            if kind == "metadata":
                return self.metadata(method, mount, path, body)
            if kind in ("delete", "undelete", "destroy") and method in ("POST", "PUT"):
                return self.versions(kind, mount, path, body)
        return self.reply(405, {"errors": ["unsupported operation"]})

    def data(self, method, mount, path, query, body):
        s = STORE.secret(mount, path)
        if method == "GET":
            if s is None or s["current"] == 0:
                return self.reply(404, {"errors": []})
            n = int(query.get("version", ["0"])[0] or 0) or s["current"]
            if n not in s["versions"]:
                return self.reply(404, {"errors": []})
            v = s["versions"][n]
            if v["deletion_time"] or v["destroyed"]:
                return self.reply(404, self.envelope({"data": None, "metadata": version_meta(s, n)}))
            return self.reply(200, self.envelope({"data": v["data"], "metadata": version_meta(s, n)}))
        if method in ("POST", "PUT"):
            if not isinstance(body.get("data"), dict):
                return self.reply(400, {"errors": ["no data provided"]})
            cas = (body.get("options") or {}).get("cas")
            current = s["current"] if s else 0
            if (cas is None and s and s["cas_required"]):
                return self.reply(400, {"errors": ["check-and-set parameter required for this call"]})
            if cas is not None and int(cas) != current:
                return self.reply(400, {"errors": ["check-and-set parameter did not match the current version"]})
            s = STORE.secret(mount, path, create=True)
            n = s["current"] + 1
            t = now_rfc3339()
            s["versions"][n] = {"data": body["data"], "created_time": t, "deletion_time": "", "destroyed": False}
            s["current"] = n
            s["updated"] = t
            if s["oldest"] == 0:
                s["oldest"] = 1
            limit = s["max_versions"] or 10
            for old in sorted(s["versions"]):
                if len(s["versions"]) <= limit:
                    break
                del s["versions"][old]
            s["oldest"] = min(s["versions"])
            return self.reply(200, self.envelope(version_meta(s, n)))
        if method == "DELETE":
            if s and s["current"] in s["versions"]:
                s["versions"][s["current"]]["deletion_time"] = now_rfc3339()
            return self.reply(204)
        return self.reply(405, {"errors": ["unsupported operation"]})

    def metadata(self, method, mount, path, body):
        s = STORE.secret(mount, path)
        if method == "GET":
            if s is None:
                return self.reply(404, {"errors": []})
            versions = {str(n): {"created_time": v["created_time"], "deletion_time": v["deletion_time"],
                                 "destroyed": v["destroyed"]} for n, v in s["versions"].items()}
            return self.reply(200, self.envelope({
                "cas_required": s["cas_required"], "created_time": s["created"], "current_version": s["current"],
                "custom_metadata": s["custom_metadata"], "delete_version_after": s["delete_version_after"],
                "max_versions": s["max_versions"], "oldest_version": s["oldest"], "updated_time": s["updated"],
                "versions": versions}))
        if method in ("POST", "PUT"):
            custom = body.get("custom_metadata")
            if custom is not None:
                if not isinstance(custom, dict) or len(custom) > 64 or any(
                        not isinstance(v, str) or len(k) > 128 or len(v) > 512 for k, v in custom.items()):
                    return self.reply(400, {"errors": ["custom_metadata: at most 64 string keys (128 bytes) and values (512 bytes)"]})
            s = STORE.secret(mount, path, create=True)
            if custom is not None:
                s["custom_metadata"] = custom
            if "max_versions" in body:
                s["max_versions"] = int(body["max_versions"])
            if "cas_required" in body:
                s["cas_required"] = bool(body["cas_required"])
            if "delete_version_after" in body:
                s["delete_version_after"] = body["delete_version_after"]
            s["updated"] = now_rfc3339()
            return self.reply(204)
        if method == "DELETE":
            STORE.secrets.pop((mount, path), None)
            return self.reply(204)
        return self.reply(405, {"errors": ["unsupported operation"]})

    def versions(self, kind, mount, path, body):
        s = STORE.secret(mount, path)
        wanted = body.get("versions")
        if not isinstance(wanted, list) or not wanted:
            return self.reply(400, {"errors": ["no version number provided"]})
        if s is not None:
            for n in wanted:
                v = s["versions"].get(int(n))
                if v is None:
                    continue
                if kind == "delete":
                    v["deletion_time"] = now_rfc3339()
                elif kind == "undelete":
                    v["deletion_time"] = ""
                else:
                    v["destroyed"] = True
                    v["data"] = None
        return self.reply(204)

    def list_keys(self, mount, folder):
        prefix = folder.rstrip("/") + "/" if folder.strip("/") else ""
        keys = set()
        for (m, p) in STORE.secrets:
            if m == mount and p.startswith(prefix):
                rest = p[len(prefix):]
                keys.add(rest.split("/")[0] + ("/" if "/" in rest else ""))
        if not keys:
            return self.reply(404, {"errors": []})
        return self.reply(200, self.envelope({"keys": sorted(keys)}))

    def control(self, method, path, body):
        with LOCK:
            if path == "/_test/outage":
                STORE.outage = {"count": int(body.get("count", 0)), "down": bool(body.get("down", False)),
                                "status": int(body.get("status", 503)), "methods": body.get("methods"),
                                "path": body.get("path", "")}
                return self.reply(200, STORE.outage)
            if path == "/_test/state":
                secrets = []
                for (m, p), s in sorted(STORE.secrets.items()):
                    secrets.append({"mount": m, "path": p, "current": s["current"],
                                    "custom_metadata": s["custom_metadata"],
                                    "versions": {str(n): v["data"] for n, v in s["versions"].items()}})
                return self.reply(200, {"secrets": secrets, "log": STORE.log})
            if path == "/_test/reset":
                STORE.__init__()
                return self.reply(200, {})
        return self.reply(404, {"errors": []})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_LIST(self):
        self.handle_any("LIST")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", default="root")
    args = parser.parse_args()
    Handler.token = args.token
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
