"""Auth0 components (pulumi-auth0): the DCR admin app, the API audience, the optional rename Action, and the app
developers sign in to the portal with."""

# The permissions live in ..permissions (no pulumi_auth0 there, for the CLI and the policy pack); this package face
# re-exports them beside the component that grants them.
from ..permissions import ADMIN_PERMISSIONS, DEVELOPER_SCOPES_PERMISSION, admin_permissions
from .admin_app import AdminApp, AdminAppArgs
from .api_audience import ApiAudience, ApiAudienceArgs, Scope
from .rename_action import ACTION_CODE, RenameAction, RenameActionArgs
from .sign_in_app import GROUPS_ACTION_CODE, SignInApp, SignInAppArgs

__all__ = [
    "ACTION_CODE",
    "ADMIN_PERMISSIONS",
    "DEVELOPER_SCOPES_PERMISSION",
    "GROUPS_ACTION_CODE",
    "AdminApp",
    "AdminAppArgs",
    "ApiAudience",
    "ApiAudienceArgs",
    "RenameAction",
    "RenameActionArgs",
    "Scope",
    "SignInApp",
    "SignInAppArgs",
    "admin_permissions",
]
