"""Fakes of the providers: message channels that record what they are asked to send (and fail on demand),
a login-code exchange, and a fast password hasher for tests."""
from __future__ import annotations

import hashlib
import hmac
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...domain.messaging.delivery import DeliveryError, WeChatIdentity
from ...domain.tenancy.chain import Chain


@dataclass
class Sent:
    channel: str
    to: str
    template_id: str | None
    data: Any


@dataclass
class FakeChannels:
    """Every chain reaches its customers by subscribe message, official-account template and SMS. `fail`
    queues errors per channel: fail["subscribe"].append(DeliveryError("refused", 43101, "..."))."""

    sent: list[Sent] = field(default_factory=list)
    fail: dict[str, deque[DeliveryError]] = field(
        default_factory=lambda: {c: deque() for c in ("subscribe", "template", "sms", "wecom")})
    official_account_enabled: bool = True
    sms_enabled: bool = True
    reply_secret: str = "fake-sms-reply-secret"  # for a chain with a reply_secret_ref

    def _send(self, channel: str, to: str, template_id: str | None, data: Any) -> str:
        if self.fail[channel]:
            raise self.fail[channel].popleft()
        self.sent.append(Sent(channel, to, template_id, data))
        return f"{channel}-{len(self.sent)}"

    def mini_program(self, chain: Chain) -> _Subscribe:
        return _Subscribe(self)

    def official_account(self, chain: Chain) -> _Template | None:
        return _Template(self) if self.official_account_enabled else None

    def sms(self, chain: Chain) -> _Sms | None:
        return _Sms(self) if self.sms_enabled else None

    def wecom(self, chain: Chain) -> _WeCom | None:
        """A chain with a WeCom app (Chain.wecom) reaches its linked staff there."""
        return _WeCom(self) if chain.wecom.get("corp_id") else None

    def sms_reply_secret(self, chain: Chain) -> str | None:
        return self.reply_secret if chain.sms.get("reply_secret_ref") else None


@dataclass
class _Subscribe:
    channels: FakeChannels

    def send_subscribe(self, openid: str, template_id: str, data: dict[str, dict[str, str]], *, page: str | None = None,
                       state: str = "formal") -> str:
        return self.channels._send("subscribe", openid, template_id, data)


@dataclass
class _Template:
    channels: FakeChannels

    def send_template(self, openid: str, template_id: str, data: dict[str, dict[str, str]], *,
                      mini_program: dict[str, str] | None = None) -> str:
        return self.channels._send("template", openid, template_id, data)


@dataclass
class _WeCom:
    channels: FakeChannels

    def send_card(self, userid: str, title: str, description: str, url: str) -> str:
        return self.channels._send("wecom", userid, None, {"title": title, "text": description, "link": url})


@dataclass
class _Sms:
    channels: FakeChannels

    def send(self, phone: str, template_id: str | None, params: tuple[str, ...], text: str) -> str:
        return self.channels._send("sms", phone, template_id, text)


def fake_exchange(chain: Chain, code: str) -> WeChatIdentity:
    """Any login code is a user: the same code, the same openid."""
    return WeChatIdentity(openid=f"o-{chain.chain_id}-{code}", unionid=None)


class FastPasswords:
    """A keyed digest: tests need a hash, not the cost of a real one."""

    def hash(self, password: str) -> str:
        return "test$" + hashlib.sha256(password.encode()).hexdigest()

    def verify(self, password: str, hashed: str) -> bool:
        return hmac.compare_digest(self.hash(password), hashed)

    def needs_rehash(self, hashed: str) -> bool:
        return not hashed.startswith("test$")


class MemoryThrottle:
    """The LoginThrottle port in memory, with the same count-then-claim semantics as DynamoDB's."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[int, datetime | None]] = {}
        self._lock = threading.Lock()

    def attempt(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        with self._lock:
            attempts, not_before = self._rows.get(key, (0, None))
            self._rows[key] = (attempts + 1, not_before)
            return attempts + 1, not_before

    def claim(self, key: str, seen: datetime | None, until: datetime) -> bool:
        with self._lock:
            attempts, not_before = self._rows.get(key, (0, None))
            if not_before != seen:
                return False
            self._rows[key] = (attempts, until)
            return True

    def release(self, key: str) -> None:
        with self._lock:
            attempts, not_before = self._rows.get(key, (0, None))
            if attempts > 0:
                self._rows[key] = (attempts - 1, not_before)

    def reset(self, key: str) -> None:
        with self._lock:
            self._rows.pop(key, None)
