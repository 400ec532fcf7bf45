"""The DCR admin app's Management API permissions: one definition for the component and the policy pack."""

from __future__ import annotations

__all__ = ["ADMIN_PERMISSIONS", "DEVELOPER_SCOPES_PERMISSION", "admin_permissions"]

# Exactly what Kong's Auth0 DCR guide grants the admin app on the Management API.
ADMIN_PERMISSIONS: tuple[str, ...] = (
    "read:clients",
    "create:clients",
    "delete:clients",
    "update:clients",
    "read:client_grants",
    "create:client_grants",
    "delete:client_grants",
    "update:client_grants",
    "update:client_keys",
)
# Needed only when developers pick their own scopes: Konnect then lists the API's scopes.
DEVELOPER_SCOPES_PERMISSION = "read:resource_servers"


def admin_permissions(developer_managed_scopes: bool) -> list[str]:
    return [*ADMIN_PERMISSIONS, *([DEVELOPER_SCOPES_PERMISSION] if developer_managed_scopes else [])]
