"""The provisioned capacity of each stage that keeps tables provisioned (infra/capacity.py), as
`python -m bench.provisioned_plan --stage <stage> --emit` prints it for the stage's planned chain size: paste its
output here when a figure it reads changes (tests/unit/test_provisioned.py fails until then).

Pure data: importing it loads no CDK.
"""
from __future__ import annotations

from .capacity import Capacity, Floor, ProvisionedTable

PLANNED_STORES = 100_000  # the chain size prod-cn's capacities are planned for

PROD_CN_CAPACITY: tuple[ProvisionedTable, ...] = (
    ProvisionedTable('bookings', Capacity(802, 301, 61116, 38432, (
            Floor('07:50', 30558, 19216),
            Floor('17:00', 24437, 15016),
            Floor('18:00', 8013, 3001),
            Floor('20:49', 30558, 19216),
            Floor('21:06', 802, 301),
        )), (
        ('by_customer', Capacity(55, 19, 1100, 368, (
                Floor('07:50', 550, 184),
                Floor('21:06', 55, 19),
            ))),
        ('by_store_day', Capacity(979, 151, 19574, 19216, (
                Floor('07:50', 9787, 9608),
                Floor('17:00', 9787, 7508),
                Floor('18:00', 9787, 1501),
                Floor('20:49', 9787, 9608),
                Floor('21:06', 979, 151),
            ))),
        ('due_by_check', Capacity(19, 187, 4420, 36014, (
                Floor('07:50', 2210, 18007),
                Floor('17:00', 1670, 13909),
                Floor('18:00', 187, 1862),
                Floor('20:49', 2210, 18007),
                Floor('21:06', 19, 187),
            ))),
    )),
    ProvisionedTable('tasks', Capacity(27, 264, 952, 9516, (
            Floor('07:50', 476, 4758),
            Floor('17:00', 405, 4043),
            Floor('18:00', 264, 2633),
            Floor('20:49', 476, 4758),
            Floor('21:06', 27, 264),
        )), (
        ('open_by_store', Capacity(61, 137, 1206, 4822, (
                Floor('07:50', 603, 2411),
                Floor('17:00', 603, 2054),
                Floor('18:00', 603, 1363),
                Floor('20:49', 603, 2411),
                Floor('21:06', 61, 137),
            ))),
        ('task_track', Capacity(14, 137, 484, 4822, (
                Floor('07:50', 242, 2411),
                Floor('17:00', 206, 2054),
                Floor('18:00', 137, 1363),
                Floor('20:49', 242, 2411),
                Floor('21:06', 14, 137),
            ))),
    )),
)

# prod (Singapore): only the tasks table pays provisioned there (decision 0087), at the check workers' 80
PROD_CAPACITY: tuple[ProvisionedTable, ...] = (
    ProvisionedTable('tasks', Capacity(27, 264, 1146, 11460, (
            Floor('07:50', 573, 5730),
            Floor('17:00', 405, 4043),
            Floor('18:00', 264, 2633),
            Floor('20:49', 573, 5730),
            Floor('21:06', 27, 264),
        )), (
        ('open_by_store', Capacity(61, 137, 1206, 5794, (
                Floor('07:50', 603, 2897),
                Floor('17:00', 603, 2054),
                Floor('18:00', 603, 1363),
                Floor('20:49', 603, 2897),
                Floor('21:06', 61, 137),
            ))),
        ('task_track', Capacity(14, 137, 580, 5794, (
                Floor('07:50', 290, 2897),
                Floor('17:00', 206, 2054),
                Floor('18:00', 137, 1363),
                Floor('20:49', 290, 2897),
                Floor('21:06', 14, 137),
            ))),
    )),
)
