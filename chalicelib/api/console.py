"""GET /staff/console: the staff web console, and the files it and the lobby board load.

The page is a static shell (public): everything it shows comes from the token-protected staff API, called by
its own script with the bearer token from /staff/login. The files are package data (api/static/), so they
ship inside the Lambda zip, and they load nothing from any other origin: the Content-Security-Policy allows
only this origin's script and style, no inline code.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from chalice import Response

from ..domain.errors import NotFound
from .audience import Audience
from .blueprint import ApiBlueprint

console = ApiBlueprint(__name__)

STATIC = Path(__file__).parent / "static"
# asset name -> content type; nothing else under static/ is served
ASSETS: dict[str, str] = {
    "console-core.js": "text/javascript; charset=utf-8",
    "console-plan.js": "text/javascript; charset=utf-8",
    "console-more.js": "text/javascript; charset=utf-8",
    "console-counter.js": "text/javascript; charset=utf-8",
    "console-file.js": "text/javascript; charset=utf-8",
    "console-workshop.js": "text/javascript; charset=utf-8",
    "console-job.js": "text/javascript; charset=utf-8",
    "console-bill.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
    "bill-print.css": "text/css; charset=utf-8",
    "board.js": "text/javascript; charset=utf-8",
    "board-pair.js": "text/javascript; charset=utf-8",
    "board.css": "text/css; charset=utf-8",
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
SECURITY_HEADERS = _SECURITY  # the same policy for the staff API's own pages (the printable bill)


@cache
def _read(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@console.route("/staff/console", methods=["GET"], audience=Audience.PUBLIC)
def page() -> Response:
    """The staff console (HTML shell; its data comes from the staff API)."""
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", **_SECURITY}
    return Response(body=_read("console.html"), status_code=200, headers=headers)


@console.route("/staff/console/{asset}", methods=["GET"], audience=Audience.PUBLIC)
def asset(asset: str) -> Response:
    """A script or style sheet of the console or the lobby board."""
    if asset not in ASSETS:
        raise NotFound("no such file", field="asset", code="not_found")
    headers = {"Content-Type": ASSETS[asset], "Cache-Control": "public, max-age=300", **_SECURITY}
    return Response(body=_read(asset), status_code=200, headers=headers)
