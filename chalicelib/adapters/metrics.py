"""The Metrics port: CloudWatch embedded metric format (EMF) through Powertools in Lambda, where each
record is one JSON line on stdout that CloudWatch turns into the metric; and a recording fake for tests."""
from __future__ import annotations

from typing import Any

from ..observability import METRICS, NAMESPACE


def checked(name: str, dimensions: dict[str, str]) -> str:
    """The metric's unit, after checking the name and dimensions are the catalogue's (alarms rely on them)."""
    definition = METRICS.get(name)
    if definition is None:
        raise ValueError(f"{name} is not in chalicelib/observability.py")
    if set(dimensions) != set(definition.dimensions):
        raise ValueError(f"{name} takes dimensions {definition.dimensions}, not {tuple(dimensions)}")
    return definition.unit


class EmfMetrics:
    def __init__(self, stage: str, namespace: str = NAMESPACE) -> None:
        self._stage, self._namespace = stage, namespace

    def emit(self, name: str, value: float = 1, **dimensions: str) -> None:
        unit = checked(name, dimensions)
        from aws_lambda_powertools.metrics import MetricUnit, single_metric  # ~50 ms: on the first metric only

        with single_metric(name=name, unit=MetricUnit(unit), value=value, namespace=self._namespace,
                           default_dimensions={"stage": self._stage, **{k: str(v) for k, v in dimensions.items()}}):
            pass


class RecordingMetrics:
    """Keeps what was emitted: (name, value, dimensions), checked against the catalogue like EMF's."""

    def __init__(self) -> None:
        self.records: list[tuple[str, float, dict[str, Any]]] = []

    def emit(self, name: str, value: float = 1, **dimensions: str) -> None:
        checked(name, dimensions)
        self.records.append((name, value, dimensions))

    def total(self, name: str, **dimensions: str) -> float:
        return sum(v for n, v, d in self.records if n == name and all(d.get(k) == w for k, w in dimensions.items()))
