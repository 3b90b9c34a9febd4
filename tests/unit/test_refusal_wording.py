"""Every error code the code base can answer with has a Chinese and an English wording in the catalogue.

The codes are read from the source itself (each `code = "..."` of a refusal class, each `code="..."` a refusal
is raised with, each code the edge answers with), so a new refusal without wording fails here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from chalicelib.api.edge import _CHALICE_CODES
from chalicelib.api.errors import refusal_text
from chalicelib.domain.messaging import catalogue

SOURCE = Path(__file__).resolve().parents[2] / "chalicelib"
PATTERNS = (re.compile(r'\bcode\s*=\s*"([a-z_]+)"'), re.compile(r'error_response\(\s*\d+\s*,\s*"([a-z_]+)"'))
CJK = re.compile(r"[\u4e00-\u9fff]")


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found.update(pattern.findall(text))
    return found | {code for code, _ in _CHALICE_CODES.values()}


CODES = sorted(codes_in_source())


def test_the_scan_finds_the_refusals_customers_meet():
    assert {"slot_full", "past_cutoff", "invalid_token", "not_found", "too_large", "method_not_allowed",
            "internal_error", "booking_not_found", "bad_signature", "replayed"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_code_reads_in_chinese_and_english(code):
    assert catalogue.has(f"error.{code}"), f"no catalogue wording for the error code {code!r}"
    chinese = refusal_text(code, "zh")
    assert CJK.search(chinese), chinese
    english = refusal_text(code, "en")
    assert english.isascii() and english != chinese


def test_an_unknown_code_still_reads_as_a_sentence():
    assert CJK.search(refusal_text("no_such_code_anywhere", "zh"))
