"""The HTTP edge through Chalice's test client, on the container the `svc` fixture built; `people`: the
staff accounts of tests/e2e/test_staff_api.py in a fresh chain."""
from __future__ import annotations

import pytest
from chalice.test import Client

from app import app


@pytest.fixture
def client(svc):
    with Client(app) as c:
        yield c.http


@pytest.fixture
def people(chain):
    from tests.e2e.test_staff_api import STAFF, add_staff

    for username, (role, stores) in STAFF.items():
        add_staff(chain, username, role, stores)
    return chain
