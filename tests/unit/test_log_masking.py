"""Logs in Lambda never carry personal data in clear: phones, plates, bearer tokens, JWTs and secret fields
are masked in the message and in the traceback of a logged exception."""
from __future__ import annotations

import io
import logging

import pytest

from chalicelib.observability_logging import MaskingFilter, mask


@pytest.mark.parametrize("raw, masked", [
    ("sms to 13800138000 failed", "sms to 138****8000 failed"),
    ("+8613912345678", "+86139****5678"),
    ("plate 沪AD12345 arrived", "plate 沪A***45 arrived"),
    ("plate 京B1234X", "京B***4X"),
    ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer ***"),
    ("token eyJhbGciOi.eyJzdWIiOi.sig-nature_x", "token eyJ***"),
    ('{"access_token": "ACCESS123", "x": 1}', '{"access_token": "***", "x": 1}'),
    ("secret=abcdef", "secret=***"),
    ("booking b_5e0c store demo-pudong 2026-11-24T10:00", "booking b_5e0c store demo-pudong 2026-11-24T10:00"),
])
def test_mask(raw, masked):
    assert mask(raw) == masked or masked in mask(raw)


def test_the_filter_masks_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("chalicelib.test_masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("message to %s", "13800138000")
        try:
            raise ValueError("phone 13912345678, plate 沪AD12345")
        except ValueError:
            logger.exception("send failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "13800138000" not in text and "13912345678" not in text and "沪AD12345" not in text
    assert "138****8000" in text and "139****5678" in text and "ValueError" in text


def test_an_emf_line_logged_by_hand_passes_through_whole(capsys):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("chalicelib.test_emf_passthrough")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.info('{"_aws": {"CloudWatchMetrics": []}, "Drift": 0}')
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == ""
    assert capsys.readouterr().out == '{"_aws": {"CloudWatchMetrics": []}, "Drift": 0}\n'
