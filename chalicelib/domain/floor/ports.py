"""The floor subdomain's ports: call tasks, the stores' check-in codes and their mini-program code images."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

from ..tenancy.chain import Chain
from .arrivals import StoreCode
from .cars_on_file import CarOnFile
from .tasks import CallTask


class TaskStore(Protocol):
    """Call tasks. A task about a booking is opened and closed by the booking's changes (the unit of work);
    these writes are for the rest: claiming, escalating, closing a task of no booking."""

    def create(self, task: CallTask) -> bool: ...
    def get(self, chain_id: str, store_id: str, task_id: str) -> CallTask: ...
    def open_for_store(self, chain_id: str, store_id: str) -> list[CallTask]: ...
    def done_for_store(self, chain_id: str, store_id: str, day: date) -> list[CallTask]: ...
    def claim(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime) -> CallTask: ...
    def close(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime, note: str | None,
              outcome: str = "other", day: date | None = None) -> CallTask: ...
    def escalation_due(self, since: datetime, now: datetime) -> list[CallTask]:
        """Open, unescalated tasks whose deadline fell in an hour from `since` to now and is past."""
        ...
    def escalate(self, task: CallTask, at: datetime) -> bool: ...


class StoreCodes(Protocol):
    """Each store's check-in code (domain/floor/arrivals.py), found by the code a scan brings or by the store."""

    def of_store(self, chain_id: str, store_id: str) -> StoreCode | None: ...
    def by_code(self, code: str) -> StoreCode | None: ...
    def add(self, code: StoreCode) -> StoreCode:
        """Keep `code` as the store's, unless the store has one already: the store's code, either way."""
        ...


class MiniProgramCodes(Protocol):
    """WeChat's unlimited mini-program code (wxacode.getUnlimited) of a chain's mini-program: the image."""

    def __call__(self, chain: Chain, scene: str, page: str) -> bytes: ...


class BoardSockets(Protocol):
    """The lobby boards' open WebSocket connections: one item per store, each connection with the time after
    which it is forgotten (the item expires with its last connection)."""

    def add(self, chain_id: str, store_id: str, connection_id: str, until: datetime) -> None: ...
    def of_store(self, chain_id: str, store_id: str) -> dict[str, datetime]: ...
    def remove(self, chain_id: str, store_id: str, connection_ids: list[str]) -> None: ...


class SocketGone(Exception):
    """The connection is closed (API Gateway answers 410 Gone): forget it."""


class SocketPoster(Protocol):
    def post(self, connection_id: str, message: str) -> None:
        """Send one message on a connection; raises SocketGone when the connection is closed."""
        ...


class CarFiles(Protocol):
    """The cars on file, read for the customer's file (domain/floor/cars_on_file.py)."""

    def cars(self, chain_id: str, plates: Iterable[str]) -> list[CarOnFile]:
        """The cars with those plates that are on file (one BatchGetItem), with their imported services."""
        ...
