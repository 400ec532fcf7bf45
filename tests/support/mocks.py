"""Pulumi mocks that record what a program registers, for the unit tier (no engine, no provider runs)."""

from __future__ import annotations

from typing import Any

import pulumi

__all__ = ["AuthMocks", "RecordingMocks", "by_type", "everything"]


class RecordingMocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append(args)
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


class AuthMocks(RecordingMocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append(args)
        state = dict(args.inputs)
        if args.typ == "auth0:index/client:Client":
            state["clientId"] = f"{args.name}-client-id"
        if args.typ == "auth0:index/clientCredentials:ClientCredentials":
            state["clientSecret"] = "admin-secret-from-auth0"
        return f"{args.name}-id", state


def everything(env: Any) -> pulumi.Output[Any]:
    """Resolves once every child of the environment has been registered."""
    # Every leaf of the tree: the rename Action and its binding register only after the admin secret resolves,
    # so an Output that does not wait for them lets a check run before they exist.
    return pulumi.Output.all(
        env.dcr_provider_id,
        env.strategy_ids,
        env.admin_client_id,
        env.audience,
        env.rename_action_id,
        env.api_ids,
        env.portal_id,
    )


def by_type(mocks: AuthMocks, typ: str) -> list[pulumi.runtime.MockResourceArgs]:
    return [r for r in mocks.registered if r.typ == typ]
