"""Two workers take the same chunk of a DMS import at once (SQS delivers at least once; the local run's own drain
and a caller's can overlap), on the moto server: the rows are written once either way, and the job counts the
chunk once, every row this import wrote as imported, whichever worker wrote it. The interleaving is injected:
the first worker's fifth row lets the second worker do the whole chunk before it goes on."""
from __future__ import annotations

from typing import Any

import requests

from chalicelib.services.people.dms_import import DmsImport
from tests.service.test_dms_import import as_csv, export
from tests.support.patience import ANSWER


class _Interleaved:
    """The import store as the first worker sees it: before its fifth row, `meanwhile` runs once."""

    def __init__(self, store: Any) -> None:
        self._store, self.rows, self.meanwhile = store, 0, lambda: None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def apply_row(self, *args: Any) -> str:
        self.rows += 1
        if self.rows == 5:
            self.meanwhile()
        return self._store.apply_row(*args)


def _started(svc, chain: str, rows: int) -> str:
    body, _ = export(rows=rows, bad_every=40)
    made = svc.dms_import.create(chain, "pudong", "保养记录.csv")
    assert requests.put(made["upload_url"], data=as_csv(body, "utf-8"), timeout=ANSWER).status_code == 200
    svc.dms_import.start(chain, made["import_id"])
    return made["import_id"]


def _workers(svc) -> tuple[DmsImport, DmsImport, _Interleaved, list[dict[str, str]]]:
    enqueued: list[dict[str, str]] = []
    store = _Interleaved(svc.ports.imports)
    first = DmsImport(svc.ports.stores, store, svc.ports.uploads, svc.ports.clock, enqueue=enqueued.append)
    second = DmsImport(svc.ports.stores, svc.ports.imports, svc.ports.uploads, svc.ports.clock,
                       enqueue=enqueued.append)
    return first, second, store, enqueued


def test_two_workers_on_the_one_chunk_count_it_once_every_row_imported(svc, chain):
    import_id = _started(svc, chain, rows=40)  # one chunk, its last row refused
    first, second, store, enqueued = _workers(svc)
    item = {"chain": chain, "import": import_id, "offset": "0"}
    outcomes: list[str] = []
    store.meanwhile = lambda: outcomes.append(second.work(dict(item)))
    outcomes.append(first.work(dict(item)))
    report = svc.dms_import.report(chain, import_id)
    assert (report["status"], report["rows"], report["imported"], report["unchanged"], report["refused_count"]) == (
        "done", 40, 39, 0, 1)
    assert outcomes == ["import_done", "chunk_done"]  # the one that lost the race counted nothing, quietly
    assert enqueued == []


def test_a_chunk_taken_twice_enqueues_the_next_once(svc, chain):
    from chalicelib.services.people.dms_import import CHUNK

    import_id = _started(svc, chain, rows=CHUNK + 10)
    first, second, store, enqueued = _workers(svc)
    item = {"chain": chain, "import": import_id, "offset": "0"}
    store.meanwhile = lambda: second.work(dict(item))
    assert first.work(dict(item)) == "chunk_done"
    assert enqueued == [{"chain": chain, "import": import_id, "offset": str(CHUNK)}]
    assert second.work(enqueued[0]) == "import_done"
    report = svc.dms_import.report(chain, import_id)
    good = CHUNK + 10 - (CHUNK + 10) // 40
    assert (report["status"], report["imported"], report["unchanged"]) == ("done", good, 0)
