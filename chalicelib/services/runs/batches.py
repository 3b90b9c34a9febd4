"""A worker's batch: every item done, parked or left for redelivery, one item never holding up the others.

Items of one FIFO group (the send queue's) go one after the other in their lane, other lanes in parallel.
An item that fails for good (domain/runs/failures.py) is parked at once with its error and its lane goes on;
one that may pass by itself is left for redelivery, and so is the rest of its lane, so a group's order holds.
Each failure is counted as CheckItemsFailed by check and kind.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ...domain.ports import Metrics, Parked, WorkQueue
from ...domain.runs.failures import TRANSIENT, kind_of
from ...observability import CHECK_ITEMS_FAILED

log = logging.getLogger(__name__)
RETRIED = "retried"
PARKED = "parked"


@dataclass
class BatchResult:
    """What became of a batch: outcomes counted by name, and the positions of the items to redeliver (every
    other item is done or parked, and may be deleted)."""

    counts: dict[str, int]
    retry: list[int] = field(default_factory=list)


@dataclass
class _Lane:
    positions: list[int]
    outcomes: list[str] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    parked: list[tuple[int, Parked]] = field(default_factory=list)  # (position, the item with its error)


Work = Callable[[dict[str, str]], str]


def run_batch(queue: str, bodies: Sequence[dict[str, str]], work: Work, *, parked_to: WorkQueue, metrics: Metrics,
              check_of: Callable[[dict[str, str]], str], parallel: int) -> BatchResult:
    lanes: dict[str, list[int]] = defaultdict(list)
    for n, body in enumerate(bodies):
        group = body.get("group")
        lanes[group if isinstance(group, str) and group else f"#{n}"].append(n)

    def run(positions: list[int]) -> _Lane:
        return _run_lane(_Lane(positions), bodies, work, metrics, check_of)

    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(lanes)))) as pool:
        done = list(pool.map(run, lanes.values()))
    retry = sorted(n for lane in done for n in lane.retry)
    parked = [entry for lane in done for entry in lane.parked]
    counts = Counter(o for lane in done for o in lane.outcomes)
    if parked:
        try:
            parked_to.park(queue, [item for _, item in parked])
        except Exception:  # nowhere to park them: redelivered instead, and parked on a later try
            log.exception("%d items of %s could not be parked", len(parked), queue)
            retry = sorted([*retry, *(n for n, _ in parked)])
            counts[RETRIED] += counts.pop(PARKED, 0)
    return BatchResult(dict(counts), retry)


def _run_lane(lane: _Lane, bodies: Sequence[dict[str, str]], work: Work, metrics: Metrics,
              check_of: Callable[[dict[str, str]], str]) -> _Lane:
    for i, n in enumerate(lane.positions):
        body = bodies[n]
        try:
            lane.outcomes.append(work(body))
            continue
        except Exception as error:  # every failure is sorted here: the rest of the batch must go on
            kind, check = kind_of(error), check_of(body)
            metrics.emit(CHECK_ITEMS_FAILED.name, 1, check=check, kind=kind)
            if kind == TRANSIENT:
                log.warning("work item of %s left for redelivery: %s", check, error)
                lane.retry += lane.positions[i:]  # the rest of its group waits behind it
                lane.outcomes += [RETRIED] * (len(lane.positions) - i)
                return lane
            log.exception("work item of %s parked (%s)", check, kind)
            lane.parked.append((n, Parked(dict(body), f"{type(error).__name__}: {error}", kind, check)))
            lane.outcomes.append(PARKED)
    return lane

