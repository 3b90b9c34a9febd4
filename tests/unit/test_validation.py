import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import validation
from chalicelib.domain.errors import ValidationError


@pytest.mark.parametrize("raw, clean", [
    ("13800138000", "13800138000"), ("+86 138 0013 8000", "13800138000"), ("0086-19912345678", "19912345678"),
])
def test_mainland_mobiles(raw, clean):
    assert validation.mobile(raw) == clean


@pytest.mark.parametrize("raw", ["12800138000", "1380013800", "138001380001", "02160000000", "abc", "+1 4155550100"])
def test_bad_mobiles(raw):
    with pytest.raises(ValidationError) as err:
        validation.mobile(raw, "customer.phone")
    assert err.value.field == "customer.phone"


@pytest.mark.parametrize("raw, clean", [
    ("沪A12345", "沪A12345"), ("沪a·12345", "沪A12345"), ("京N8P8F8", "京N8P8F8"),
    ("沪AD12345", "沪AD12345"), ("粤BF12345", "粤BF12345"), ("沪A12345D", "沪A12345D"),  # new-energy, 8 chars
    ("粤B1234学", "粤B1234学"),
])
def test_plates(raw, clean):
    assert validation.plate(raw) == clean


@pytest.mark.parametrize("raw", ["沪I12345", "沪A1234", "AB12345", "沪A123456", "沪AX12345", "沪AD1234X", "", "沪AO1234"])
def test_bad_plates(raw):
    with pytest.raises(ValidationError):
        validation.plate(raw)


@pytest.mark.parametrize("raw", [-1, 2_000_001, 1.5, "12000", True, None])
def test_bad_mileage(raw):
    with pytest.raises(ValidationError):
        validation.mileage(raw)


GOOD = {
    "store_id": "pudong",
    "start": "2026-11-24T09:00:00+08:00",
    "service_type": "maintenance",
    "customer": {"name": "张伟", "phone": "13800138000"},
    "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000},
}


def _without(path: str) -> dict:
    body = {k: (dict(v) if isinstance(v, dict) else v) for k, v in GOOD.items()}
    section, _, leaf = path.rpartition(".")
    (body[section] if section else body).pop(leaf)
    return body


@pytest.mark.parametrize("path", [
    "store_id", "start", "service_type", "customer", "vehicle",
    "customer.name", "customer.phone", "vehicle.plate", "vehicle.model", "vehicle.mileage",
])
def test_every_required_field_is_named_when_missing(path):
    with pytest.raises(ValidationError) as err:
        validation.booking_request(_without(path))
    assert err.value.field == path and err.value.code == "required"


def test_naive_start_is_refused():
    with pytest.raises(ValidationError) as err:
        validation.booking_request({**GOOD, "start": "2026-11-24T09:00:00"})
    assert err.value.field == "start"


def test_good_request_is_normalized():
    req = validation.booking_request({**GOOD, "vehicle": {**GOOD["vehicle"], "plate": "沪ad 12345"}})
    assert req.vehicle.plate == "沪AD12345" and req.customer.phone == "13800138000"


@given(st.dictionaries(
    st.text(max_size=12),
    st.one_of(
        st.none(), st.text(max_size=20), st.integers(), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3)
    ),
    max_size=8,
))
def test_arbitrary_bodies_are_refused_cleanly_or_parsed(body):
    try:
        validation.booking_request(body)
    except ValidationError as err:
        assert err.field is None or isinstance(err.field, str)
