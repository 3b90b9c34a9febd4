"""The provisioned capacity of each stage that keeps tables provisioned (infra/capacity.py), as
`python -m bench.provisioned_plan --stage <stage> --emit` prints it for the stage's planned chain size: paste its
output here when a figure it reads changes (tests/unit/test_provisioned.py fails until then).

Pure data: importing it loads no CDK.
"""
from __future__ import annotations

from .capacity import Capacity, Floor, ProvisionedTable

PLANNED_STORES = 100_000  # the chain size prod-cn's capacities are planned for

PROD_CN_CAPACITY: tuple[ProvisionedTable, ...] = (
    ProvisionedTable('bookings', Capacity(719, 408, 33568, 54726, (
            Floor('07:50', 16784, 27363),
            Floor('17:00', 13428, 20363),
            Floor('18:00', 7189, 4080),
            Floor('20:49', 16784, 27363),
            Floor('21:06', 719, 408),
        )), (
        ('by_customer', Capacity(55, 19, 1100, 368, (
                Floor('07:50', 550, 184),
                Floor('21:06', 55, 19),
            ))),
        ('by_store_day', Capacity(649, 204, 12976, 27364, (
                Floor('07:50', 6488, 13682),
                Floor('17:00', 6488, 10182),
                Floor('18:00', 6488, 2040),
                Floor('20:49', 6488, 13682),
                Floor('21:06', 649, 204),
            ))),
        ('due_by_check', Capacity(32, 313, 5196, 51950, (
                Floor('07:50', 2598, 25975),
                Floor('17:00', 1918, 19180),
                Floor('18:00', 313, 3121),
                Floor('20:49', 2598, 25975),
                Floor('21:06', 32, 313),
            ))),
    )),
    ProvisionedTable('tasks', Capacity(36, 352, 2304, 23026, (
            Floor('07:50', 1152, 11513),
            Floor('17:00', 893, 8928),
            Floor('18:00', 352, 3520),
            Floor('20:49', 1152, 11513),
            Floor('21:06', 36, 352),
        )), (
        ('open_by_store', Capacity(65, 218, 1294, 12090, (
                Floor('07:50', 647, 6045),
                Floor('17:00', 647, 4753),
                Floor('18:00', 647, 2172),
                Floor('20:49', 647, 6045),
                Floor('21:06', 65, 218),
            ))),
        ('task_track', Capacity(22, 218, 1210, 12090, (
                Floor('07:50', 605, 6045),
                Floor('17:00', 476, 4753),
                Floor('18:00', 218, 2172),
                Floor('20:49', 605, 6045),
                Floor('21:06', 22, 218),
            ))),
    )),
)
