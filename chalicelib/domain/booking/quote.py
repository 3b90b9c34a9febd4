"""A price estimate from the store's price list: labour hours × hourly rate + parts, the slot's discount on
labour only, each step half-up to the fen (docs/product-rules.md#price-list)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import money
from ..tenancy.store import Store


@dataclass(frozen=True)
class Quote:
    labour: int  # fen, at the list's rate
    parts: int  # fen
    discount: float  # share off labour

    @property
    def labour_due(self) -> int:
        return money.discounted(self.labour, self.discount)

    @property
    def saving(self) -> int:
        return self.labour - self.labour_due

    @property
    def total(self) -> int:
        return self.labour_due + self.parts


def quote(store: Store, service_type: str, discount: float) -> Quote | None:
    """None when the store lists no price for the service (the advisor quotes it)."""
    item = store.price_list.get(service_type)
    if item is None:
        return None
    return Quote(money.times(item.hourly_rate, item.labour_hours), item.parts, discount)


def price_estimate(store: Store, service_type: str, discount: float) -> int | None:
    found = quote(store, service_type, discount)
    return found.total if found is not None else None
