"""The messaging subdomain's ports: the outbox, a chain's channels and WeChat's server push."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

from ..tenancy.chain import Chain
from .outbox import OutboxRecord
from .wechat_push import PushKeys


class OutboxStore(Protocol):
    def enqueue(self, record: OutboxRecord, now: datetime) -> bool: ...
    def get(self, dedupe_key: str) -> OutboxRecord | None: ...
    def claim(self, dedupe_key: str, now: datetime) -> OutboxRecord | None: ...
    def sent(self, dedupe_key: str, channel: str, provider_id: str, now: datetime) -> None: ...
    def retry_at(self, dedupe_key: str, at: datetime, error: str) -> None: ...
    def failed(self, dedupe_key: str, error: str, channel: str | None) -> None: ...
    def hold(self, dedupe_key: str, until: datetime, reason: str) -> None:
        """Put a claimed message off until `until` (contact hours): due again then, whatever zone `until` is
        written in; the claim is not counted as an attempt."""
        ...
    def drop(self, dedupe_key: str, reason: str) -> None:
        """A claimed message that is no use any more: never sent, never due again (status dropped)."""
        ...
    def due(self, now: datetime, days_back: int = 2) -> list[OutboxRecord]:
        """Messages whose next attempt is due. Of each record only the key, chain and attempt number are sure
        to be filled in (what a dispatcher needs); the sender reads the whole message when it claims it."""
        ...
    def due_pages(self, now: datetime, days_back: int = 2) -> Iterator[list[OutboxRecord]]:
        """What `due` finds, a page at a time (oldest day first), so a reader holds one page in memory."""
        ...


# A chain's official-account openid -> the follower's unionid (None when WeChat gives none).
FollowerLookup = Callable[[Chain, str], "str | None"]


class PushCodec(Protocol):
    """WeChat's server push: signature checks (plain and safe mode) and decryption. Refusals are Forbidden
    (code bad_signature)."""

    def echo(self, keys: PushKeys, params: dict[str, str]) -> str:
        """The echostr of a signed server-verification request."""
        ...

    def open(self, keys: PushKeys, params: dict[str, str], body: bytes) -> dict[str, Any]:
        """The fields of a signed (and, in safe mode, decrypted) push, XML or JSON."""
        ...


class ReplayGuard(Protocol):
    """Keys seen recently (the pushes' nonces; the lobby board's pairing links, `board-link#<hash>`): claimed
    once, remembered until `until`."""

    def first_time(self, key: str, now: datetime, until: datetime) -> bool: ...
    def forget(self, key: str) -> None: ...


class SubscribeSender(Protocol):
    def send_subscribe(self, openid: str, template_id: str, data: dict[str, dict[str, str]], *, page: str | None = None,
                       state: str = "formal") -> str: ...


class TemplateSender(Protocol):
    def send_template(self, openid: str, template_id: str, data: dict[str, dict[str, str]], *,
                      mini_program: dict[str, str] | None = None) -> str: ...


class WeComSender(Protocol):
    def send_card(self, userid: str, title: str, description: str, url: str) -> str:
        """A WeCom app message (a text card with a link) to one member of the chain's corp; the message id."""
        ...


class SmsSender(Protocol):
    def send(self, phone: str, template_id: str | None, params: tuple[str, ...], text: str) -> str: ...


class Channels(Protocol):
    """A chain's message channels. Sends raise domain.delivery.DeliveryError by kind."""

    def mini_program(self, chain: Chain) -> SubscribeSender: ...
    def official_account(self, chain: Chain) -> TemplateSender | None: ...
    def sms(self, chain: Chain) -> SmsSender | None: ...
    def wecom(self, chain: Chain) -> WeComSender | None:
        """The chain's WeCom app for staff messages (decision 0037); None when it has none."""
        ...
    def sms_reply_secret(self, chain: Chain) -> str | None:
        """The shared secret the SMS provider's reply callback is signed with; None when the chain has none."""
        ...
