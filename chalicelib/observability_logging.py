"""Structured logs in Lambda: one JSON object per line (Powertools Logger) with the stage, the function and
a correlation id (the API request's id, or the scheduled event's id), personal data masked: mobile numbers,
plates, bearer tokens and JWTs never reach CloudWatch in clear. Every `logging.getLogger(__name__)` of
chalicelib logs through it."""
from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from typing import Any

_PHONE = re.compile(r"(?<!\d)((?:\+?86)?1[3-9]\d)\d{4}(\d{4})(?!\d)")
_PLATE = re.compile(r"([\u4e00-\u9fa5][A-Z])[A-Z0-9]{3,4}([A-Z0-9]{2})")
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_SECRET_FIELD = re.compile(r"""(["']?(?:token|secret|password|access_token|session_key)["']?\s*[:=]\s*["']?)[^"',\s}]+""",
                           re.IGNORECASE)


def mask(text: str) -> str:
    """138****8000, 沪A***45, Bearer ***, a JWT as eyJ***, token=*** ."""
    text = _BEARER.sub(r"\1***", text)
    text = _JWT.sub("eyJ***", text)
    text = _SECRET_FIELD.sub(r"\1***", text)
    text = _PHONE.sub(r"\1****\2", text)
    return _PLATE.sub(r"\1***\2", text)


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith('{"_aws"'):  # an EMF record logged by hand: CloudWatch reads it only as a whole line
            sys.stdout.write(message + "\n")
            return False
        if record.exc_info:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info))
            record.exc_info, record.exc_text = None, None
        record.msg, record.args = mask(message), None
        return True


_logger: Any = None


def configure(stage: str, function: str) -> Any:
    """Once per container: JSON to stdout for every chalicelib logger; returns the Powertools Logger."""
    global _logger
    if _logger is None:
        from aws_lambda_powertools.logging.logger import Logger  # ~85 ms, in Lambda only

        _logger = Logger(service="appt", stage=stage, function=function)
        handler = _logger.registered_handler
        handler.addFilter(MaskingFilter())
        parent = logging.getLogger("chalicelib")
        parent.handlers, parent.propagate = [handler], False
        parent.setLevel(level_of(os.environ.get("AWS_LAMBDA_LOG_LEVEL")))
    return _logger


def level_of(lambda_level: str | None) -> int:
    """Python's level for Lambda's application log level (the stage's settings; INFO when none is given)."""
    names = {"TRACE": logging.DEBUG, "DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARN": logging.WARNING,
             "ERROR": logging.ERROR, "FATAL": logging.CRITICAL}
    return names.get((lambda_level or "INFO").upper(), logging.INFO)


def set_correlation_id(value: str | None) -> None:
    if _logger is not None:
        _logger.set_correlation_id(value)
