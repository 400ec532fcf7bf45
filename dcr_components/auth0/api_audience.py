"""The API (resource server) whose identifier is the audience DCR applications are granted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_auth0 as auth0

from .existing import existing_options

__all__ = ["ApiAudience", "ApiAudienceArgs", "Scope"]


@dataclass(frozen=True, kw_only=True)
class Scope:
    name: str
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class ApiAudienceArgs:
    identifier: pulumi.Input[str]
    """The audience; immutable in Auth0 (changing it replaces the API)."""
    name: pulumi.Input[str]
    scopes: Sequence[Scope] = field(default_factory=tuple)
    signing_alg: pulumi.Input[str] = "RS256"
    token_lifetime: pulumi.Input[int] = 86400
    allow_offline_access: pulumi.Input[bool] = False
    skip_consent_for_verifiable_first_party_clients: pulumi.Input[bool] = True
    existing_id: str | None = None
    """Import this existing API (the resource server's id) and its scopes instead of creating them."""
    keep_existing: bool = True
    """An imported API stays in Auth0 when the stack is destroyed (Pulumi's retain_on_delete)."""


class ApiAudience(pulumi.ComponentResource):
    """`ResourceServer` + one `ResourceServerScopes` owning its whole scope list."""

    identifier: pulumi.Output[str]
    scopes: pulumi.Output[list[str]]

    def __init__(self, name: str, args: ApiAudienceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:ApiAudience", name, {}, opts)
        server = auth0.ResourceServer(
            f"{name}-api",
            identifier=args.identifier,
            name=args.name,
            signing_alg=args.signing_alg,
            token_lifetime=args.token_lifetime,
            allow_offline_access=args.allow_offline_access,
            skip_consent_for_verifiable_first_party_clients=args.skip_consent_for_verifiable_first_party_clients,
            opts=existing_options(self, args.existing_id, args.keep_existing),
        )
        # The scopes' import id is the API's identifier (what the provider reads them by), not its id.
        scopes_id = args.identifier if args.existing_id is not None and isinstance(args.identifier, str) else None
        auth0.ResourceServerScopes(
            f"{name}-scopes",
            resource_server_identifier=server.identifier,
            scopes=[
                auth0.ResourceServerScopesScopeArgs(name=s.name, description=s.description or None) for s in args.scopes
            ],
            opts=existing_options(self, scopes_id, args.keep_existing),
        )
        self.identifier = server.identifier
        self.scopes = pulumi.Output.from_input([s.name for s in args.scopes])
        self.register_outputs({"identifier": self.identifier, "scopes": self.scopes})
