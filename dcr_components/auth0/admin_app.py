"""The Machine-to-Machine admin app Konnect uses to create DCR applications in Auth0."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_auth0 as auth0

from ..permissions import admin_permissions

__all__ = ["AdminApp", "AdminAppArgs"]


@dataclass(frozen=True, kw_only=True)
class AdminAppArgs:
    management_audience: pulumi.Input[str]
    """The tenant's Management API identifier, `https://<tenant domain>/api/v2/`."""
    name: pulumi.Input[str] = "Konnect Portal DCR Admin"
    developer_managed_scopes: bool = False
    description: pulumi.Input[str] = "Konnect Dev Portal DCR: creates developer applications. Managed by Pulumi."


class AdminApp(pulumi.ComponentResource):
    """`Client` (M2M, client_credentials only) + `ClientGrant` on the Management API + `ClientCredentials`."""

    client_id: pulumi.Output[str]
    client_secret: pulumi.Output[str]
    """Secret output: feed it to the Konnect DCR provider, never print it."""
    permissions: pulumi.Output[list[str]]

    def __init__(self, name: str, args: AdminAppArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:AdminApp", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        client = auth0.Client(
            f"{name}-client",
            name=args.name,
            description=args.description,
            app_type="non_interactive",
            grant_types=["client_credentials"],
            opts=child,
        )
        permissions = admin_permissions(args.developer_managed_scopes)
        auth0.ClientGrant(
            f"{name}-management-grant",
            client_id=client.client_id,
            audience=args.management_audience,
            scopes=permissions,
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
        self.permissions = pulumi.Output.from_input(permissions)
        self.register_outputs(
            {"client_id": self.client_id, "client_secret": self.client_secret, "permissions": self.permissions}
        )
