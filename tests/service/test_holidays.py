"""Holiday schedules through the use cases: the operator loads the platform's, a chain admin overrides it for
the chain, the stores' calendar follows at once (booking refused on a loaded holiday), and the evening report
warns, with a metric, from November while next year's schedule is missing."""
from datetime import date

import pytest

from chalicelib import container
from chalicelib.adapters.metrics import RecordingMetrics
from chalicelib.config import Settings
from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Forbidden, ValidationError
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.observability import HOLIDAY_SCHEDULE_MISSING
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING

OPERATOR = StaffAccess("operator", "platform", Role.OPERATOR, frozenset())
YEAR_2027 = {"holidays": ["2027-01-01", "2027-02-05", "2027-02-06"], "workdays": ["2027-02-20"]}


@pytest.fixture
def admin(svc, chain):
    return add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())


def test_the_platform_schedule_then_a_chains_override(svc, chain, admin):
    hol = svc.holiday_admin
    assert hol.in_force(admin, 2027)["source"] == "provisional"
    assert hol.in_force(admin, 2026)["source"] == "chinesecalendar"
    hol.load_platform(OPERATOR, 2027, YEAR_2027)
    assert hol.in_force(admin, 2027) == {"scope": "platform", "year": 2027, "source": "platform",
                                         "holidays": YEAR_2027["holidays"], "workdays": ["2027-02-20"]}
    assert hol.platform(OPERATOR, 2027)["holidays"] == YEAR_2027["holidays"]
    hol.load_chain(admin, 2027, {"holidays": ["2027-02-05"], "workdays": []})
    assert hol.in_force(admin, 2027)["source"] == "chain" and hol.in_force(admin, 2027)["holidays"] == ["2027-02-05"]
    store = svc.ports.stores.get(chain, "pudong")
    assert store.holiday_schedules[2027].holidays == {date(2027, 2, 5)}  # the chain's wins for the stores


def test_only_the_operator_loads_the_platforms_and_only_a_chain_admin_the_chains(svc, chain, admin, mgr):
    with pytest.raises(Forbidden):
        svc.holiday_admin.load_platform(admin, 2027, YEAR_2027)
    with pytest.raises(Forbidden):
        svc.holiday_admin.load_chain(mgr, 2027, YEAR_2027)
    with pytest.raises(ValidationError) as err:
        svc.holiday_admin.load_platform(OPERATOR, 2027, {"holidays": ["2028-01-01"], "workdays": []})
    assert err.value.field == "holidays[0]"
    assert svc.ports.holidays.of_scope("platform") == {}  # nothing written


def test_a_loaded_holiday_closes_the_stores_and_a_store_opening_beats_it(svc, chain, admin, mgr):

    svc.holiday_admin.load_chain(admin, 2026, {"holidays": ["2026-11-24"], "workdays": []})  # a Tuesday
    with pytest.raises(ValidationError) as err:
        svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING))
    assert err.value.code == "store_closed"
    closed = svc.availability.day(chain, "pudong", date(2026, 11, 24))
    assert closed.slots == [] and closed.closed == "public_holiday"
    from dataclasses import replace

    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, open_dates=frozenset({date(2026, 11, 24)})))
    assert svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING)).status.value == "pending"


def test_the_evening_report_warns_from_november_while_next_years_schedule_is_missing(clock):
    metrics = RecordingMetrics()
    ports = container.memory_ports(clock)
    ports.metrics = metrics
    svc = container.use_cases(Settings.from_env({}), ports)
    _two_stores(svc)
    clock.set(at("2026-10-31", "20:30"))
    assert svc.daily_report.run()["schedule_missing"] == 0
    (october,) = svc.ports.reports.between("svc-chain", "pudong", date(2026, 10, 31), date(2026, 10, 31))
    assert "warnings" not in october["figures"]
    clock.set(at("2026-11-01", "20:30"))
    assert svc.daily_report.run()["schedule_missing"] == 2
    (november,) = svc.ports.reports.between("svc-chain", "pudong", date(2026, 11, 1), date(2026, 11, 1))
    assert november["figures"]["warnings"] == [{"code": "holiday_schedule_missing", "year": 2027}]
    assert metrics.total(HOLIDAY_SCHEDULE_MISSING.name) == 2
    svc.holiday_admin.load_platform(OPERATOR, 2027, YEAR_2027)
    clock.set(at("2026-11-02", "20:30"))
    assert svc.daily_report.run()["schedule_missing"] == 0
    (loaded,) = svc.ports.reports.between("svc-chain", "pudong", date(2026, 11, 2), date(2026, 11, 2))
    assert "warnings" not in loaded["figures"] and metrics.total(HOLIDAY_SCHEDULE_MISSING.name) == 2


def _two_stores(svc):
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    svc.ports.stores.put_chain(Chain("svc-chain", "测试集团", mp_appid="wxsvc", mp_secret_ref="/appt/test/mp-secret"))
    for store_id in ("pudong", "xuhui"):
        svc.ports.stores.put(demo_store(store_id, store_id, chain_id="svc-chain"))
