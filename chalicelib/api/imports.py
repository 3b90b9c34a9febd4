"""/admin/imports... and /admin/vehicles: DMS data in, a file at a time or one record at a time (decision 0036)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from ..domain import validation
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response

imports = ApiBlueprint(__name__)
RECORD_FIELDS = ("vin", "plate", "model", "purchase_date", "name", "phone", "service_date", "mileage", "jobs")


@imports.route("/admin/imports", methods=["POST"], body="DmsImport", audience=Audience.CHAIN_ADMIN)
def create_import() -> Response:
    """A new import: PUT the .xlsx or .csv file to `upload_url`, then start it."""
    request = imports.current_request
    who = access.staff(request)
    body = json_body(request)
    made = services().dms_import.create(who.chain_id, validation.required_text(body, "store_id", max_len=64),
                                        validation.required_text(body, "filename", max_len=200))
    return json_response(made, 201)


@imports.route("/admin/imports/{import_id}/start", methods=["POST"], audience=Audience.CHAIN_ADMIN)
def start_import(import_id: str) -> Response:
    """Start importing the uploaded file in the background; GET the import for its report."""
    who = access.staff(imports.current_request)
    return json_response(services().dms_import.start(who.chain_id, import_id), 202)


@imports.route("/admin/imports/{import_id}", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def import_report(import_id: str) -> dict:
    """The import's status and counts, and each refused row with its field and reason."""
    who = access.staff(imports.current_request)
    return services().dms_import.report(who.chain_id, import_id)


@imports.route("/admin/vehicles", methods=["POST"], body="DmsRecord", audience=Audience.CHAIN_ADMIN)
def import_record() -> dict:
    """One vehicle and its latest service, under an import's row rules."""
    request = imports.current_request
    who = access.staff(request)
    body = json_body(request)
    cells = {name: str(body[name]) for name in RECORD_FIELDS if body.get(name) is not None}
    return services().dms_import.record(who.chain_id, validation.required_text(body, "store_id", max_len=64), cells)
