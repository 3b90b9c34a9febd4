"""A local stand-in for the WeChat API subset we call, over real HTTP, with injectable faults.

Speaks: GET /sns/jscode2session. Any login code maps to a stable openid (so "alice" is always the same
customer); a code starting with "invalid" answers 40029 as WeChat does for a bad code.
Control (tests): POST /__faults {"path": "/sns/jscode2session", "errcode": 45011, "times": 1} queues faults;
GET /__calls lists the calls received; POST /__reset clears both.
"""
from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_ERRMSG = {40029: "invalid code", 40163: "code been used", 45011: "api minute-quota reach limit", -1: "system error"}


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return prefix + base64.urlsafe_b64encode(digest).decode().rstrip("=")[:27]


class WeChatState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: dict[str, deque[int]] = defaultdict(deque)
        self.calls: list[dict[str, Any]] = []

    def take_fault(self, path: str) -> int | None:
        with self.lock:
            queue = self.faults.get(path)
            return queue.popleft() if queue else None

    def record(self, path: str, params: dict[str, str], body: Any = None) -> None:
        safe = {k: v for k, v in params.items() if k != "secret"}
        with self.lock:
            self.calls.append({"path": path, "params": safe, "body": body})


class _Handler(BaseHTTPRequestHandler):
    server: "WeChatStandIn"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, payload: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, errcode: int) -> None:
        self._send({"errcode": errcode, "errmsg": _ERRMSG.get(errcode, "error")})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        state = self.server.state
        if url.path == "/__calls":
            with state.lock:
                return self._send({"calls": list(state.calls)})
        state.record(url.path, params)
        fault = state.take_fault(url.path)
        if fault is not None:
            return self._error(fault)
        if url.path == "/sns/jscode2session":
            return self._code2session(params)
        self._send({"errcode": 404, "errmsg": f"no such api {url.path}"}, status=404)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        state = self.server.state
        if url.path == "/__faults":
            with state.lock:
                state.faults[body["path"]].extend([int(body["errcode"])] * int(body.get("times", 1)))
            return self._send({"ok": True})
        if url.path == "/__reset":
            with state.lock:
                state.faults.clear()
                state.calls.clear()
            return self._send({"ok": True})
        self._send({"errcode": 404, "errmsg": f"no such api {url.path}"}, status=404)

    def _code2session(self, params: dict[str, str]) -> None:
        appid, secret, code = params.get("appid"), params.get("secret"), params.get("js_code")
        if not appid or not secret or params.get("grant_type") != "authorization_code":
            return self._send({"errcode": 40013, "errmsg": "invalid appid"})
        if "access_token" in params:
            return self._send({"errcode": 40097, "errmsg": "jscode2session takes no access_token"})
        if not code or code.startswith("invalid"):
            return self._error(40029)
        self._send({
            "openid": stable_id("o", appid, code),
            "unionid": stable_id("u", code),
            "session_key": base64.b64encode(hashlib.md5(code.encode()).digest()).decode(),
        })


class WeChatStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.state = WeChatState()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "WeChatStandIn":
        self._thread = threading.Thread(target=self.serve_forever, name="wechat-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
