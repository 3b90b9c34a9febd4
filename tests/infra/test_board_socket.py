"""The lobby board's push socket as each stage deploys it (decision 0040): a WebSocket API whose $connect runs
the Chalice handler, whose pings end at API Gateway, whose address every function that commits booking
changes is given, and which the stage's role may post to."""
from __future__ import annotations

import json

import pytest

from infra.stages import STAGES
from tests.infra.test_templates import functions_by_handler, resources

pytestmark = pytest.mark.xdist_group("synth")
STAGE_NAMES = [stage.name for stage in STAGES]


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_connect_runs_the_chalice_handler_and_pings_invoke_no_lambda(synth, stage):
    template = synth.templates[stage]
    [socket] = [k for k, r in resources(template, "AWS::ApiGatewayV2::Api").items()
                if r["Properties"]["ProtocolType"] == "WEBSOCKET"]
    routes = {r["Properties"]["RouteKey"]: r["Properties"]["Target"] for r in
              resources(template, "AWS::ApiGatewayV2::Route").values() if r["Properties"]["ApiId"] == {"Ref": socket}}
    assert set(routes) == {"$connect", "$default"}
    integrations = {key: r["Properties"] for key, r in resources(template, "AWS::ApiGatewayV2::Integration").items()}
    kinds = {route: integrations[target["Fn::Join"][1][1]["Ref"]]["IntegrationType"] for route, target in routes.items()}
    assert kinds == {"$connect": "AWS_PROXY", "$default": "MOCK"}
    import app
    from chalicelib.api import board_socket

    assert app.app.websocket_handlers["$connect"].handler_function is board_socket.connect
    assert callable(app.board_socket_connect)  # the module attribute the function's handler names
    assert "app.board_socket_connect" in functions_by_handler(template)


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_every_function_that_commits_changes_knows_the_socket_and_may_post_to_it(synth, stage):
    template = synth.templates[stage]
    handlers = functions_by_handler(template)
    pushers = [fn for handler, fn in handlers.items()  # the app's (the egress function commits nothing)
               if handler.startswith("app.") and handler != "app.board_socket_connect"]
    assert pushers and all("BOARD_SOCKET_URL" in fn["Properties"]["Environment"]["Variables"] for fn in pushers)
    statements = [s for p in resources(template, "AWS::IAM::Policy").values()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]]
    [manage] = [s for s in statements if s["Action"] == "execute-api:ManageConnections"]
    assert "/POST/@connections/*" in json.dumps(manage["Resource"])
