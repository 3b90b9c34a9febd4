"""The store's phone where the chain sends SMS (decision 0083): every SMS notice tells the customer how to change
their booking, by the store's phone, and the chain's approved templates carry it as a variable (or fixed per
store) that Tencent refuses empty. So a chain with SMS on refuses a store without a phone, by the admin's
store settings and by the onboarding file; a chain without SMS does not ask for one."""
from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.service.test_onboarding import DEMO, cli


def _admin(chain: str) -> StaffAccess:
    return StaffAccess("boss", chain, Role.CHAIN_ADMIN, frozenset())


def _sms_on(svc, chain: str) -> None:
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain), sms={"provider": "sns"}))


def test_a_chain_with_sms_refuses_a_store_without_a_phone(svc, chain):
    _sms_on(svc, chain)
    store = svc.ports.stores.get(chain, "pudong")
    with pytest.raises(ValidationError) as refused:
        svc.staff_access.put_store(_admin(chain), replace(store, phone=" "))
    assert (refused.value.field, refused.value.code) == ("phone", "store_phone_required")
    assert svc.ports.stores.get(chain, "pudong").phone == store.phone  # nothing written
    svc.staff_access.put_store(_admin(chain), replace(store, phone="021-60000001"))
    assert svc.ports.stores.get(chain, "pudong").phone == "021-60000001"


def test_a_chain_without_sms_takes_a_store_without_a_phone(svc, chain):
    store = svc.ports.stores.get(chain, "pudong")
    svc.staff_access.put_store(_admin(chain), replace(store, phone=""))
    assert svc.ports.stores.get(chain, "pudong").phone == ""


def test_the_onboarding_file_of_a_chain_with_sms_names_the_store_without_a_phone(svc):
    doc = copy.deepcopy(DEMO)
    del doc["stores"][1]["phone"]
    status, lines = cli(svc, doc)
    assert status == 2 and lines[0].startswith("error: stores[1].phone"), lines
    assert svc.ports.stores.of_chain("demo") == []  # a bad file writes nothing
    del doc["chain"]["sms"], doc["chain"]["sms_templates"]  # no SMS: no phone needed
    status, lines = cli(svc, doc)
    assert status == 0, lines
