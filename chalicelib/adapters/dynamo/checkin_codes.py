"""The stores' check-in codes in DynamoDB: each written once, put only if absent (a second writer's code for
the same store loses and the first one stays)."""
from __future__ import annotations

from ...domain.floor.arrivals import StoreCode
from .conditional import applied
from .models import CheckInCodeModel


def _code(item: CheckInCodeModel) -> StoreCode:
    return StoreCode(item.code, item.chain_id, item.store_id, item.secret)


def _get(key: str) -> StoreCode | None:
    try:
        return _code(CheckInCodeModel.get(key))
    except CheckInCodeModel.DoesNotExist:
        return None


class CheckInCodeRepository:
    def of_store(self, chain_id: str, store_id: str) -> StoreCode | None:
        return _get(f"store#{chain_id}#{store_id}")

    def by_code(self, code: str) -> StoreCode | None:
        return _get(f"code#{code}")

    def add(self, code: StoreCode) -> StoreCode:
        fields = {"code": code.code, "chain_id": code.chain_id, "store_id": code.store_id, "secret": code.secret}
        # the code first: a store pointer never names a code that cannot be found
        CheckInCodeModel(f"code#{code.code}", **fields).save(condition=CheckInCodeModel.key.does_not_exist())
        if applied(lambda: CheckInCodeModel(f"store#{code.chain_id}#{code.store_id}", **fields).save(
                condition=CheckInCodeModel.key.does_not_exist())):
            return code
        CheckInCodeModel(f"code#{code.code}").delete()  # another writer's code is the store's
        kept = self.of_store(code.chain_id, code.store_id)
        assert kept is not None
        return kept
