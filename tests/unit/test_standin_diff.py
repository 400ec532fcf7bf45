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
