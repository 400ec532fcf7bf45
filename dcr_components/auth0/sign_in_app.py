"""The Auth0 application developers sign in to a Konnect portal with (OIDC, authorization code): a Regular Web
Application whose callback is the portal's sign-in redirect URI (`<portal>/login`), its secret read from Auth0 and
handed to the portal's identity provider as a Pulumi secret; optionally a post-login Action that puts each user's
groups in an ID token claim, for the portal's team mapping. It is granted nothing on the Management API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import pulumi
import pulumi_auth0 as auth0

__all__ = ["GROUPS_ACTION_CODE", "SignInApp", "SignInAppArgs"]

GROUPS_ACTION_CODE = files(__package__).joinpath("groups_claim.js").read_text()
TRIGGER = "post-login"


@dataclass(frozen=True, kw_only=True)
class SignInAppArgs:
    name: pulumi.Input[str]
    callbacks: pulumi.Input[Sequence[pulumi.Input[str]]]
    """The portal's sign-in redirect URIs: `<portal>/login` for each of its hosts."""
    logout_urls: pulumi.Input[Sequence[pulumi.Input[str]]]
    groups_claim: str | None = None
    """Name of the ID token claim for the user's groups (app_metadata.groups); None: no groups Action."""
    action_name: pulumi.Input[str] = "Konnect portal groups"
    description: pulumi.Input[str] = "Konnect Dev Portal: developers sign in with this tenant. Managed by Pulumi."


class SignInApp(pulumi.ComponentResource):
    """`Client` (regular_web, authorization_code) + `ClientCredentials`, and the groups `Action` + `TriggerAction`."""

    client_id: pulumi.Output[str]
    client_secret: pulumi.Output[str]
    """Secret output: for the portal's identity provider, never printed."""

    def __init__(self, name: str, args: SignInAppArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:SignInApp", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        client = auth0.Client(
            f"{name}-client",
            name=args.name,
            description=args.description,
            app_type="regular_web",
            grant_types=["authorization_code"],
            callbacks=args.callbacks,
            allowed_logout_urls=args.logout_urls,
            oidc_conformant=True,
            opts=child,
        )
        credentials = auth0.ClientCredentials(
            f"{name}-credentials",
            client_id=client.client_id,
            authentication_method="client_secret_post",
            opts=pulumi.ResourceOptions(parent=self, additional_secret_outputs=["client_secret"]),
        )
        self.client_id = client.client_id
        self.client_secret = pulumi.Output.secret(credentials.client_secret.apply(lambda s: s or ""))
        if args.groups_claim:
            secrets = {"CLAIM": pulumi.Output.from_input(args.groups_claim), "CLIENT_ID": client.client_id}
            action = auth0.Action(
                f"{name}-groups-action",
                name=args.action_name,
                code=GROUPS_ACTION_CODE,
                runtime="node22",
                deploy=True,
                supported_triggers=auth0.ActionSupportedTriggersArgs(id=TRIGGER, version="v3"),
                secrets=[auth0.ActionSecretArgs(name=k, value=pulumi.Output.secret(v)) for k, v in secrets.items()],
                opts=child,
            )
            auth0.TriggerAction(
                f"{name}-groups-binding", trigger=TRIGGER, action_id=action.id, display_name=action.name, opts=child
            )
        self.register_outputs({"client_id": self.client_id, "client_secret": self.client_secret})
