"""The provisioned capacity of each stage that keeps tables provisioned (infra/capacity.py), as
`python -m bench.provisioned_plan --stage <stage> --emit` prints it for the stage's planned chain size: paste its
output here when a figure it reads changes (tests/unit/test_provisioned.py fails until then).

Pure data: importing it loads no CDK.
"""
from __future__ import annotations

from .capacity import Capacity, Floor, ProvisionedTable

PLANNED_STORES = 100_000  # the chain size prod-cn's capacities are planned for

PROD_CN_CAPACITY: tuple[ProvisionedTable, ...] = (
    ProvisionedTable('bookings', Capacity(799, 305, 60400, 41828, (
            Floor('07:50', 30200, 20914),
            Floor('17:00', 24049, 16219),
            Floor('18:00', 7989, 3042),
            Floor('20:49', 30200, 20914),
            Floor('21:06', 799, 305),
        )), (
        ('by_customer', Capacity(55, 19, 1100, 368, (
                Floor('07:50', 550, 184),
                Floor('21:06', 55, 19),
            ))),
        ('by_store_day', Capacity(979, 153, 19574, 20914, (
                Floor('07:50', 9787, 10457),
                Floor('17:00', 9787, 8110),
                Floor('18:00', 9787, 1521),
                Floor('20:49', 9787, 10457),
                Floor('21:06', 979, 153),
            ))),
        ('due_by_check', Capacity(19, 190, 4448, 37284, (
                Floor('07:50', 2224, 18642),
                Floor('17:00', 1671, 14315),
                Floor('18:00', 190, 1897),
                Floor('20:49', 2224, 18642),
                Floor('21:06', 19, 190),
            ))),
    )),
    ProvisionedTable('tasks', Capacity(27, 261, 854, 8538, (
            Floor('07:50', 427, 4269),
            Floor('17:00', 366, 3658),
            Floor('18:00', 261, 2608),
            Floor('20:49', 427, 4269),
            Floor('21:06', 27, 261),
        )), (
        ('open_by_store', Capacity(61, 135, 1204, 4330, (
                Floor('07:50', 602, 2165),
                Floor('17:00', 602, 1859),
                Floor('18:00', 602, 1347),
                Floor('20:49', 602, 2165),
                Floor('21:06', 61, 135),
            ))),
        ('task_track', Capacity(14, 135, 434, 4330, (
                Floor('07:50', 217, 2165),
                Floor('17:00', 186, 1859),
                Floor('18:00', 135, 1347),
                Floor('20:49', 217, 2165),
                Floor('21:06', 14, 135),
            ))),
    )),
)

# prod (Singapore): only the tasks table pays provisioned there (decision 0087), at the check workers' 80
PROD_CAPACITY: tuple[ProvisionedTable, ...] = (
    ProvisionedTable('tasks', Capacity(27, 261, 1018, 10168, (
            Floor('07:50', 509, 5084),
            Floor('17:00', 366, 3658),
            Floor('18:00', 261, 2608),
            Floor('20:49', 509, 5084),
            Floor('21:06', 27, 261),
        )), (
        ('open_by_store', Capacity(61, 135, 1204, 5144, (
                Floor('07:50', 602, 2572),
                Floor('17:00', 602, 1859),
                Floor('18:00', 602, 1347),
                Floor('20:49', 602, 2572),
                Floor('21:06', 61, 135),
            ))),
        ('task_track', Capacity(14, 135, 516, 5144, (
                Floor('07:50', 258, 2572),
                Floor('17:00', 186, 1859),
                Floor('18:00', 135, 1347),
                Floor('20:49', 258, 2572),
                Floor('21:06', 14, 135),
            ))),
    )),
)
