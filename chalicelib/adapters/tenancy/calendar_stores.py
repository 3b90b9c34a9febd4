"""The store catalogue with the holiday schedules in force attached to every store it returns: the chain's
own loaded schedule for a year, else the platform's (domain/tenancy/holidays.py), so that every rule asking
domain/tenancy/calendar.py whether a store is open sees them without another read."""
from __future__ import annotations

from dataclasses import replace

from ...domain.tenancy.chain import Chain
from ...domain.tenancy.holidays import PLATFORM, effective
from ...domain.tenancy.ports import HolidayStore, StoreCatalog
from ...domain.tenancy.store import Store


class CalendarStores:
    def __init__(self, inner: StoreCatalog, holidays: HolidayStore) -> None:
        self._inner, self._holidays = inner, holidays

    def _with_schedules(self, stores: list[Store]) -> list[Store]:
        platform = self._holidays.of_scope(PLATFORM)
        by_chain = {c: effective(platform, self._holidays.of_scope(c)) for c in {s.chain_id for s in stores}}
        return [replace(s, holiday_schedules=by_chain[s.chain_id]) if by_chain[s.chain_id] else s for s in stores]

    def get(self, chain_id: str, store_id: str) -> Store:
        return self._with_schedules([self._inner.get(chain_id, store_id)])[0]

    def of_chain(self, chain_id: str) -> list[Store]:
        return self._with_schedules(self._inner.of_chain(chain_id))

    def everywhere(self) -> list[Store]:
        return self._with_schedules(self._inner.everywhere())

    def put(self, store: Store) -> None:
        self._inner.put(store)

    def get_chain(self, chain_id: str) -> Chain:
        return self._inner.get_chain(chain_id)

    def put_chain(self, chain: Chain) -> None:
        self._inner.put_chain(chain)

    def clear_cache(self) -> None:
        """Forget what the wrapped catalogue and the schedules hold in this container (tests of cold costs)."""
        for held in (self._inner, self._holidays):
            cache = getattr(held, "_cache", None)
            if cache is not None:
                cache.clear()
