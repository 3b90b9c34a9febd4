"""The local run's demo chain has a workshop and a parts manager at Pudong (README lists their logins): the seed
makes them, and they sign in with the role that lands them on the console's 车间/配件 tab."""
from __future__ import annotations

import boto3

from chalicelib.adapters.dynamo.stores import StoreRepository
from devstack.seed import seed


def test_the_demo_seed_makes_the_workshop_and_parts_desks(svc):
    seeded = seed(StoreRepository(svc.clock), boto3.client("ssm"), stage=svc.settings.stage)
    assert ("chen", "chen-pass", "workshop") in seeded["staff_logins"]
    assert ("qian", "qian-pass", "parts") in seeded["staff_logins"]
    for username, role in (("chen", "workshop"), ("qian", "parts")):
        _, member = svc.staff_access.login("demo", username, f"{username}-pass")
        assert (member.role.value, sorted(member.store_ids)) == (role, ["demo-pudong"])
