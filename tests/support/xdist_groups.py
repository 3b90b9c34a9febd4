"""`make test` runs pytest with `-n 2 --dist loadgroup`: tests marked `xdist_group(name)` go to one worker together
(the template tests synthesize the stacks once; a module that starts a local run starts it once). xdist tells
the scheduler a test's group by appending "@name" to its node id on the worker, and with pytest 9.2's structured
node ids its write no longer takes effect (pytest-dev/pytest-xdist#1386): every group was split over both
workers, each paying for the group's setup. This plugin appends the suffix the way pytest 9.2 keeps a node id,
after xdist's own try, and only where the id does not carry it yet (a fixed xdist makes it a no-op)."""
from __future__ import annotations

from typing import Any

import pytest


def _group(item: pytest.Item) -> str | None:
    names = {str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
             for mark in item.iter_markers("xdist_group")}
    return "_".join(sorted(names)) if names else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not getattr(config.option, "loadgroup", False):  # set on the workers of --dist loadgroup only
        return
    for item in items:
        group = _group(item)
        if group is None or item.nodeid.endswith(f"@{group}"):
            continue
        _set_nodeid(item, f"{item.nodeid}@{group}")


def _set_nodeid(item: Any, nodeid: str) -> None:
    if hasattr(item, "_id"):  # pytest >= 9.2: the structured id the nodeid property reads
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(nodeid)
    else:
        item._nodeid = nodeid
