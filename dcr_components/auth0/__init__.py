"""Auth0 components (pulumi-auth0): the DCR admin app, the API audience and the optional rename Action."""

# The permissions live in ..permissions (no pulumi_auth0 there, for the CLI and the policy pack); this package face
# re-exports them beside the component that grants them.
from ..permissions import ADMIN_PERMISSIONS, DEVELOPER_SCOPES_PERMISSION, admin_permissions
from .admin_app import AdminApp, AdminAppArgs
from .api_audience import ApiAudience, ApiAudienceArgs, Scope
from .rename_action import ACTION_CODE, RenameAction, RenameActionArgs

__all__ = [
    "ACTION_CODE",
    "ADMIN_PERMISSIONS",
    "DEVELOPER_SCOPES_PERMISSION",
    "AdminApp",
    "AdminAppArgs",
    "ApiAudience",
    "ApiAudienceArgs",
    "RenameAction",
    "RenameActionArgs",
    "Scope",
    "admin_permissions",
]
