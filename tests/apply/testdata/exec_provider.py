#!/usr/bin/env python3
"""An exec provider as a team would write one (README "The exec provider
contract"): reads one JSON request on stdin, answers one JSON object on
stdout. This one manages keys of the fake provider (provider_fake.py) through
its HTTP API, at the request's provider_api, with the admin credential rekey
passes in."""
import json
import sys
import urllib.error
import urllib.request


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}


def main():
    req = json.loads(sys.stdin.readline())
    api, admin, op = req["provider_api"], req.get("admin_credential", ""), req["op"]
    if op == "create":
        status, body = call("POST", api + "/keys", admin, {"name": req["label"]})
        answer = {"ok": status == 201, "key_id": body.get("id"), "key_value": body.get("secret"),
                  "retry": status >= 500, "error": "HTTP %d" % status}
    elif op == "list":
        status, body = call("GET", api + "/keys?name=" + req["label"], admin)
        keys = [{"key_id": k["id"], "label": k["name"], "key_value": k.get("secret", "")} for k in body.get("data", [])]
        answer = {"ok": status == 200, "keys": keys, "retry": status >= 500, "error": "HTTP %d" % status}
    elif op == "revoke":
        status, _ = call("DELETE", api + "/keys/" + req["key_id"], admin)
        answer = {"ok": status in (200, 404), "retry": status >= 500, "error": "HTTP %d" % status}
    elif op == "validate":
        status, _ = call("GET", api + "/whoami", req.get("key_value", ""))
        answer = {"ok": status in (200, 401), "valid": status == 200, "retry": status >= 500}
    elif op == "last_used":
        status, body = call("GET", api + "/keys/" + req["key_id"] + "/usage", admin)
        answer = {"ok": status == 200, "last_used": body.get("last_used_at")}
    else:
        answer = {"ok": False, "error": "unknown op " + op}
    print(json.dumps(answer))
    return 0 if answer["ok"] else (75 if answer.get("retry") else 1)


if __name__ == "__main__":
    sys.exit(main())
