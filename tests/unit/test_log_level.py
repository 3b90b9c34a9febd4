"""The app's log level in Lambda is the one the stage's settings give the function (infra/scale_settings.py
`app_log_level`, set as Lambda's application log level, which Lambda passes as AWS_LAMBDA_LOG_LEVEL)."""
from __future__ import annotations

import logging

import pytest

from chalicelib import observability_logging


@pytest.fixture
def fresh_logger(monkeypatch):
    parent = logging.getLogger("chalicelib")
    saved = (parent.handlers[:], parent.propagate, parent.level)
    monkeypatch.setattr(observability_logging, "_logger", None)
    yield parent
    parent.handlers, parent.propagate = saved[0], saved[1]
    parent.setLevel(saved[2])


@pytest.mark.parametrize(("lambda_level", "python_level"), [
    ("DEBUG", logging.DEBUG), ("INFO", logging.INFO), ("WARN", logging.WARNING), ("TRACE", logging.DEBUG),
    (None, logging.INFO),
])
def test_the_app_logs_at_the_level_lambda_is_given(fresh_logger, monkeypatch, lambda_level, python_level):
    if lambda_level is None:
        monkeypatch.delenv("AWS_LAMBDA_LOG_LEVEL", raising=False)
    else:
        monkeypatch.setenv("AWS_LAMBDA_LOG_LEVEL", lambda_level)
    observability_logging.configure("prod", "appt-prod-api")
    assert fresh_logger.level == python_level
