"""Scheduled entry points by name. The checks issue fills this registry; app.py wires each to EventBridge,
and the local scheduler loop (devstack/scheduler.py) runs them on their cadence."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .container import Services


@dataclass(frozen=True)
class Check:
    name: str
    every_seconds: int
    run: Callable[[Services], dict]


CHECKS: dict[str, Check] = {}
