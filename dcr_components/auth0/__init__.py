"""Auth0 components (pulumi-auth0): the DCR admin app, the API audience and the optional rename Action."""

from .admin_app import ADMIN_PERMISSIONS, DEVELOPER_SCOPES_PERMISSION, AdminApp, AdminAppArgs, admin_permissions
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
