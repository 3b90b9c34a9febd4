"""Counting AWS requests by wrapping botocore's one choke point, so cost tests assert real request counts."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import botocore.client

_lock = threading.Lock()
_recorders: list[Calls] = []
_original = botocore.client.BaseClient._make_api_call


def _counting(self, operation_name, api_params):  # type: ignore[no-untyped-def]
    service = self.meta.service_model.service_name
    with _lock:
        for calls in _recorders:
            calls.append((service, operation_name))
            calls.tables.append((operation_name, api_params.get("TableName") or ",".join(
                next(iter(i.values())).get("TableName", "") for i in api_params.get("TransactItems", [])),
                api_params.get("IndexName")))
    result = _original(self, operation_name, api_params)
    if operation_name == "Query":
        with _lock:
            for calls in _recorders:
                calls.queries.append((api_params.get("IndexName"), result.get("Count", 0), result.get("ScannedCount", 0)))
    return result


botocore.client.BaseClient._make_api_call = _counting


class Calls(list):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[tuple[str | None, int, int]] = []  # (index, Count, ScannedCount)
        self.tables: list[tuple[str, str, str | None]] = []  # (operation, table(s), index)

    def clear(self) -> None:
        super().clear()
        self.tables.clear()

    def dynamodb(self) -> list[str]:
        return [op for service, op in self if service == "dynamodb"]


@contextmanager
def recording() -> Iterator[Calls]:
    calls = Calls()
    with _lock:
        _recorders.append(calls)
    try:
        yield calls
    finally:
        with _lock:
            _recorders.remove(calls)
