"""The Machine-to-Machine admin app Konnect uses to create DCR applications in Auth0."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_auth0 as auth0

from ..permissions import admin_permissions
from .existing import existing_options

__all__ = ["AdminApp", "AdminAppArgs"]


@dataclass(frozen=True, kw_only=True)
class AdminAppArgs:
    management_audience: pulumi.Input[str]
    """The tenant's Management API identifier, `https://<tenant domain>/api/v2/`."""
    name: pulumi.Input[str] = "Konnect Portal DCR Admin"
    developer_managed_scopes: bool = False
    description: pulumi.Input[str] = "Konnect Dev Portal DCR: creates developer applications. Managed by Pulumi."
    authentication_method: str = "client_secret_post"
    permissions: Sequence[str] | None = None
    """The Management API permissions in the order the grant lists them (default: `admin_permissions`'s order); the
    set is always exactly the DCR one."""
    existing_client_id: str | None = None
    """Import this existing app (its client and credentials) instead of creating one."""
    existing_grant_id: str | None = None
    """Import this existing Management API grant of it."""
    keep_existing: bool = True
    """Imported objects stay in Auth0 when the stack is destroyed (Pulumi's retain_on_delete)."""


class AdminApp(pulumi.ComponentResource):
    """`Client` (M2M, client_credentials only) + `ClientGrant` on the Management API + `ClientCredentials`."""

    client_id: pulumi.Output[str]
    client_secret: pulumi.Output[str]
    """Secret output: feed it to the Konnect DCR provider, never print it."""
    permissions: pulumi.Output[list[str]]

    def __init__(self, name: str, args: AdminAppArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:AdminApp", name, {}, opts)
        client_id, keep = args.existing_client_id, args.keep_existing
        client = auth0.Client(
            f"{name}-client",
            name=args.name,
            description=args.description,
            app_type="non_interactive",
            grant_types=["client_credentials"],
            opts=existing_options(self, client_id, keep),
        )
        wanted = admin_permissions(args.developer_managed_scopes)
        permissions = list(args.permissions) if args.permissions else wanted
        if sorted(permissions) != sorted(wanted):
            raise ValueError("AdminAppArgs.permissions: must be exactly the DCR permissions (see admin_permissions)")
        auth0.ClientGrant(
            f"{name}-management-grant",
            client_id=client.client_id,
            audience=args.management_audience,
            scopes=permissions,
            opts=existing_options(self, args.existing_grant_id, keep),
        )
        credentials = auth0.ClientCredentials(
            f"{name}-credentials",
            client_id=client.client_id,
            authentication_method=args.authentication_method,
            opts=pulumi.ResourceOptions.merge(
                existing_options(self, client_id, keep),
                pulumi.ResourceOptions(additional_secret_outputs=["client_secret"]),
            ),
        )
        self.client_id = client.client_id
        self.client_secret = pulumi.Output.secret(credentials.client_secret.apply(lambda s: s or ""))
        self.permissions = pulumi.Output.from_input(permissions)
        self.register_outputs(
            {"client_id": self.client_id, "client_secret": self.client_secret, "permissions": self.permissions}
        )
