"""A local stand-in for the WeCom (企业微信) API subset we call, over real HTTP, with injectable faults.

Speaks:
- GET /cgi-bin/gettoken?corpid=&corpsecret=: an app's access token (2 hours; within its life the same token, as
  WeCom answers); a corp registered through /__corp with another secret answers 40001 (a wrong secret).
- POST /cgi-bin/message/send?access_token=: checks the token (40014 unknown, 42001 expired) and the agent id
  (40056 for another app of the corp); a recipient not among the corp's members (once members are registered)
  is answered as WeCom does: `invaliduser` for some, 81013 when none is valid. What arrives is kept per user id.
Control (tests and the local run): POST /__corp {"corp_id", "secret", "agent_id", "members"?} registers an app;
POST /__faults {"path", "errcode", "times"} queues faults; POST /__expire_tokens; POST /__reset;
GET /__sent (every message) and GET /__inbox?userid= (what that member's WeCom shows: title, text, link);
GET /__calls.
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_ERRMSG = {40001: "invalid secret", 40014: "invalid access_token", 42001: "access_token expired",
           40056: "invalid agentid", 81013: "user & party & tag all invalid", 60111: "userid not found",
           45009: "api freq out of limit", -1: "system busy"}


class WeComState:
    def __init__(self, token_ttl: int = 7200) -> None:
        self.lock = threading.Lock()
        self.token_ttl = token_ttl
        self.faults: dict[str, deque[int]] = defaultdict(deque)
        self.corps: dict[str, dict[str, Any]] = {}  # corp id -> {"secret", "agent_id", "members"}
        self.tokens: dict[str, tuple[str, float]] = {}  # token -> (corp id, expires at)
        self.live: dict[str, str] = {}  # corp id -> its current token
        self.sent: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []

    def mint(self, corp_id: str, secret: str) -> dict[str, Any]:
        with self.lock:
            corp = self.corps.get(corp_id)
            if corp is not None and corp["secret"] != secret:
                return {"errcode": 40001, "errmsg": _ERRMSG[40001]}
            now = time.time()
            current = self.live.get(corp_id)
            if current and self.tokens[current][1] > now:
                return {"errcode": 0, "access_token": current, "expires_in": int(self.tokens[current][1] - now)}
            token = secrets.token_urlsafe(32)
            self.tokens[token] = (corp_id, now + self.token_ttl)
            self.live[corp_id] = token
            return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.token_ttl}

    def token_error(self, token: str | None) -> int | None:
        with self.lock:
            known = self.tokens.get(token or "")
        if known is None:
            return 40014
        return 42001 if known[1] <= time.time() else None

    def deliver(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            corp_id = self.tokens[token][0]
            corp = self.corps.get(corp_id)
            if corp is not None and str(body.get("agentid")) != str(corp["agent_id"]):
                return {"errcode": 40056, "errmsg": _ERRMSG[40056]}
            users = [u for u in str(body.get("touser") or "").split("|") if u]
            members = corp.get("members") if corp else None
            known = [u for u in users if members is None or u in members]
            unknown = [u for u in users if u not in known]
            if not known:
                return {"errcode": 81013, "errmsg": _ERRMSG[81013], "invaliduser": "|".join(unknown)}
            msgid = secrets.token_hex(8)
            card = body.get("textcard") or {}
            for user in known:
                self.sent.append({"corp_id": corp_id, "agentid": body.get("agentid"), "userid": user,
                                  "msgtype": body.get("msgtype"), "title": card.get("title"),
                                  "text": card.get("description") or (body.get("text") or {}).get("content"),
                                  "link": card.get("url"), "msgid": msgid})
            print(f"[wecom stand-in] to {'|'.join(known)}: {card.get('title') or body.get('msgtype')}", flush=True)
            return {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(unknown), "msgid": msgid}

    def take_fault(self, path: str) -> int | None:
        with self.lock:
            queue = self.faults.get(path)
            return queue.popleft() if queue else None


class _Handler(BaseHTTPRequestHandler):
    server: WeComStandIn

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, payload: dict[str, Any] | list[Any], status: int = 200) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _parts(self) -> tuple[str, dict[str, str]]:
        url = urlsplit(self.path)
        return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}

    def do_GET(self) -> None:
        path, params = self._parts()
        state = self.server.state
        if path == "/__sent":
            with state.lock:
                return self._send({"sent": list(state.sent)})
        if path == "/__inbox":
            with state.lock:
                return self._send({"messages": [m for m in state.sent if m["userid"] == params.get("userid")]})
        if path == "/__calls":
            with state.lock:
                return self._send({"calls": list(state.calls)})
        self._record(path, params)
        fault = state.take_fault(path)
        if fault is not None:
            return self._send({"errcode": fault, "errmsg": _ERRMSG.get(fault, "fault")})
        if path == "/cgi-bin/gettoken":
            return self._send(state.mint(params.get("corpid", ""), params.get("corpsecret", "")))
        self._send({"errcode": 404, "errmsg": f"no stand-in for {path}"}, 404)

    def do_POST(self) -> None:
        path, params = self._parts()
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        if path.startswith("/__"):
            return self._send(self._control(path, body))
        self._record(path, params, body)
        state = self.server.state
        fault = state.take_fault(path)
        if fault is not None:
            return self._send({"errcode": fault, "errmsg": _ERRMSG.get(fault, "fault")})
        if path == "/cgi-bin/message/send":
            error = state.token_error(params.get("access_token"))
            if error is not None:
                return self._send({"errcode": error, "errmsg": _ERRMSG[error]})
            return self._send(state.deliver(params["access_token"], body))
        self._send({"errcode": 404, "errmsg": f"no stand-in for {path}"}, 404)

    def _record(self, path: str, params: dict[str, str], body: Any = None) -> None:
        with self.server.state.lock:
            self.server.state.calls.append(
                {"path": path, "params": {k: v for k, v in params.items() if k != "corpsecret"}, "body": body})

    def _control(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        state = self.server.state
        with state.lock:
            if path == "/__corp":
                members = body.get("members")
                state.corps[str(body["corp_id"])] = {"secret": body["secret"], "agent_id": str(body["agent_id"]),
                                                     "members": set(members) if members is not None else None}
            elif path == "/__faults":
                state.faults[str(body["path"])].extend([int(body["errcode"])] * int(body.get("times", 1)))
            elif path == "/__expire_tokens":
                state.tokens = {t: (corp, 0.0) for t, (corp, _) in state.tokens.items()}
            elif path == "/__reset":
                state.faults.clear()
                state.sent.clear()
                state.calls.clear()
            else:
                return {"errcode": 404, "errmsg": f"no control {path}"}
        return {"errcode": 0}


class WeComStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        super().__init__((host, port), _Handler)
        self.state = WeComState(**options)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WeComStandIn:
        self._thread = threading.Thread(target=self.serve_forever, name="wecom-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
