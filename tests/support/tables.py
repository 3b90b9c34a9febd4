"""A test's own set of tables on the moto server, in as few requests as they take.

`models.create_tables()` (the local run's) asks whether each table exists, creates it, and describes it until it
is ACTIVE: three requests a table, about 70 for the 23 tables, and a botocore client built for each model. A test's
tables have a prefix nobody used before and moto creates a table ACTIVE, so here each table is one CreateTable
(and its UpdateTimeToLive, as `create_table` does), and each model keeps the client it had for the tests before:
the client belongs to the endpoint and region, never to a table.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.models import Model

_clients: dict[tuple[type[Model], str | None, str | None], Any] = {}


def _never_there(cls: type[Model]) -> bool:
    return False


def create_fresh(models: Iterable[type[Model]]) -> None:
    """Create each model's table, bound to a prefix no test used before (`models.bind`)."""
    saved = Model.__dict__["exists"]
    Model.exists = classmethod(_never_there)  # type: ignore[assignment,method-assign]
    try:
        for model in models:
            _reuse_client(model)
            model.create_table(billing_mode="PAY_PER_REQUEST")
    finally:
        Model.exists = saved  # type: ignore[method-assign]


def reuse_clients(models: Iterable[type[Model]]) -> None:
    """After a `models.bind` (the container's build binds again): each model back on its client of before."""
    for model in models:
        _reuse_client(model)


def delete(models: Iterable[type[Model]]) -> None:
    reuse_clients(models)
    for model in models:
        model.delete_table()


def _reuse_client(model: type[Model]) -> None:
    connection = model._get_connection().connection
    key = (model, model.Meta.host, model.Meta.region)
    if key in _clients:
        connection._client = _clients[key]
    else:
        _clients[key] = connection.client
