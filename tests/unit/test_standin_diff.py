"""The offline auth0 stand-in diffs inputs against inputs: a removed input is a change, outputs are not."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2

from tests.support.toolchain import tool_module

StandIn = tool_module("auth0_standin.__main__").StandIn

URN = "urn:pulumi:dev::p::auth0:index/client:Client::admin"


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


def diff(olds: dict[str, Any], old_inputs: dict[str, Any], news: dict[str, Any]) -> Any:
    request = provider_pb2.DiffRequest(urn=URN, olds=struct(olds), old_inputs=struct(old_inputs), news=struct(news))
    return StandIn().Diff(request, None)


def test_a_removed_input_is_a_change() -> None:
    inputs = {"name": "admin", "description": "Managed by Pulumi", "appType": "non_interactive"}
    result = diff({**inputs, "clientId": "abc"}, inputs, {"name": "admin", "appType": "non_interactive"})
    assert result.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(result.diffs) == ["description"]


def test_outputs_the_provider_computed_are_not_changes() -> None:
    inputs = {"name": "admin", "appType": "non_interactive"}
    result = diff({**inputs, "clientId": "abc", "grantTypes": ["client_credentials"]}, inputs, dict(inputs))
    assert result.changes == provider_pb2.DiffResponse.DIFF_NONE


SERVER = "urn:pulumi:dev::p::auth0:index/resourceServer:ResourceServer::api"


def test_an_imported_api_with_undeclared_optional_computed_fields_has_no_diff() -> None:
    # What import (or refresh) records: the tenant's values, including ones the program never declares.
    recorded = {
        "identifier": "https://api.acme.example/dcr",
        "name": "Acme DCR API",
        "signingAlg": "RS256",
        "tokenLifetime": 86400,
        "skipConsentForVerifiableFirstPartyClients": True,
        "allowOfflineAccess": False,
    }
    news = {"identifier": "https://api.acme.example/dcr", "name": "Acme DCR API"}
    request = provider_pb2.DiffRequest(
        urn=SERVER, olds=struct(recorded), old_inputs=struct(recorded), news=struct(news)
    )
    assert StandIn().Diff(request, None).changes == provider_pb2.DiffResponse.DIFF_NONE
    # A declared one is compared; an Optional-only one set away from its zero value is a change when left out.
    changed = {**news, "tokenLifetime": 3600}
    request = provider_pb2.DiffRequest(
        urn=SERVER, olds=struct(recorded), old_inputs=struct(recorded), news=struct(changed)
    )
    assert list(StandIn().Diff(request, None).diffs) == ["tokenLifetime"]
    offline = {**recorded, "allowOfflineAccess": True}
    request = provider_pb2.DiffRequest(urn=SERVER, olds=struct(offline), old_inputs=struct(offline), news=struct(news))
    assert list(StandIn().Diff(request, None).diffs) == ["allowOfflineAccess"]
