"""The Konnect emulator's route tables: (method, raw-path pattern) → a handler of KonnectResponses (the management
APIs), of AdminResponses (a portal's developers, applications and registrations, as its admin sees them) or of
PortalResponses (the developer Portal API of each portal, under /portal/<canonical domain>)."""

from __future__ import annotations

from ..web import Route

__all__ = ["ACCESS_URLS", "ADMIN_URLS", "CONTENT_URLS", "PORTAL_URLS", "SITE_URLS", "SSO_URLS", "URLS"]

ID = r"(?P<id>[^/]+)"
PORTAL = r"(?P<portal>[^/]+)"
SUB = r"(?P<{}>[^/]+)"

URLS = (
    Route("GET", r"/v2/dcr-providers", "list_providers"),
    Route("POST", r"/v2/dcr-providers", "create_provider"),
    Route("GET", rf"/v2/dcr-providers/{ID}", "get_provider"),
    Route("PATCH", rf"/v2/dcr-providers/{ID}", "update_provider"),
    Route("DELETE", rf"/v2/dcr-providers/{ID}", "delete_provider"),
    Route("POST", rf"/v2/dcr-providers/{ID}/verify", "verify_provider"),
    Route("GET", r"/v2/application-auth-strategies", "list_strategies"),
    Route("POST", r"/v2/application-auth-strategies", "create_strategy"),
    Route("GET", rf"/v2/application-auth-strategies/{ID}", "get_strategy"),
    Route("PATCH", rf"/v2/application-auth-strategies/{ID}", "update_strategy"),
    Route("PUT", rf"/v2/application-auth-strategies/{ID}", "replace_strategy"),
    Route("DELETE", rf"/v2/application-auth-strategies/{ID}", "delete_strategy"),
    Route("GET", r"/v3/portals", "list_portals"),
    Route("POST", r"/v3/portals", "create_portal"),
    Route("GET", rf"/v3/portals/{ID}", "get_portal"),
    Route("PATCH", rf"/v3/portals/{ID}", "update_portal"),
    Route("DELETE", rf"/v3/portals/{ID}", "delete_portal"),
    Route("GET", r"/v3/apis", "list_apis"),
    Route("POST", r"/v3/apis", "create_api"),
    Route("GET", rf"/v3/apis/{ID}", "get_api"),
    Route("PATCH", rf"/v3/apis/{ID}", "update_api"),
    Route("DELETE", rf"/v3/apis/{ID}", "delete_api"),
    Route("GET", rf"/v3/apis/{ID}/versions", "list_api_versions"),
    Route("POST", rf"/v3/apis/{ID}/versions", "add_api_version"),
    Route("GET", rf"/v3/apis/{ID}/versions/{SUB.format('version')}", "get_api_version"),
    Route("PATCH", rf"/v3/apis/{ID}/versions/{SUB.format('version')}", "update_api_version"),
    Route("DELETE", rf"/v3/apis/{ID}/versions/{SUB.format('version')}", "delete_api_version"),
    Route("PUT", rf"/v3/apis/{ID}/publications/{PORTAL}", "put_publication"),
    Route("GET", rf"/v3/apis/{ID}/publications/{PORTAL}", "get_publication"),
    Route("DELETE", rf"/v3/apis/{ID}/publications/{PORTAL}", "delete_publication"),
    # Control plane (no auth, not logged).
    Route("GET", r"/_sandbox/state", "state"),
    Route("GET", r"/_sandbox/emails", "emails"),
)

ADMIN_URLS = (
    Route("GET", rf"/v3/portals/{ID}/developers", "list_developers"),
    Route("GET", rf"/v3/portals/{ID}/developers/{SUB.format('developer')}", "get_developer"),
    Route("PATCH", rf"/v3/portals/{ID}/developers/{SUB.format('developer')}", "update_developer"),
    Route("DELETE", rf"/v3/portals/{ID}/developers/{SUB.format('developer')}", "delete_developer"),
    Route("GET", rf"/v3/portals/{ID}/application-registrations", "list_portal_registrations"),
    Route("GET", rf"/v3/portals/{ID}/applications", "list_applications"),
    Route("GET", rf"/v3/portals/{ID}/applications/{SUB.format('app')}", "get_application"),
    Route("DELETE", rf"/v3/portals/{ID}/applications/{SUB.format('app')}", "delete_application"),
    Route("GET", rf"/v3/portals/{ID}/applications/{SUB.format('app')}/registrations", "list_registrations"),
    Route(
        "PATCH",
        rf"/v3/portals/{ID}/applications/{SUB.format('app')}/registrations/{SUB.format('reg')}",
        "update_registration",
    ),
)

P = r"/v3/portals/(?P<id>[^/]+)"
CONTENT_URLS = (
    Route("GET", rf"{P}/pages", "list_pages"),
    Route("POST", rf"{P}/pages", "create_page"),
    Route("GET", rf"{P}/pages/{SUB.format('page')}", "get_page"),
    Route("PATCH", rf"{P}/pages/{SUB.format('page')}", "update_page"),
    Route("DELETE", rf"{P}/pages/{SUB.format('page')}", "delete_page"),
    Route("POST", rf"{P}/pages/{SUB.format('page')}/move", "move_page"),
    Route("GET", rf"{P}/snippets", "list_snippets"),
    Route("POST", rf"{P}/snippets", "create_snippet"),
    Route("GET", rf"{P}/snippets/{SUB.format('snippet')}", "get_snippet"),
    Route("PATCH", rf"{P}/snippets/{SUB.format('snippet')}", "update_snippet"),
    Route("DELETE", rf"{P}/snippets/{SUB.format('snippet')}", "delete_snippet"),
    Route("GET", rf"{P}/customization", "get_customization"),
    Route("PUT", rf"{P}/customization", "put_customization"),
    Route("PATCH", rf"{P}/customization", "patch_customization"),
    Route("GET", rf"{P}/custom-domain", "get_domain"),
    Route("POST", rf"{P}/custom-domain", "add_domain"),
    Route("PATCH", rf"{P}/custom-domain", "update_domain"),
    Route("DELETE", rf"{P}/custom-domain", "delete_domain"),
    Route("GET", rf"{P}/assets/(?P<kind>logo|favicon)", "get_asset"),
    Route("PUT", rf"{P}/assets/(?P<kind>logo|favicon)", "put_asset"),
)
IDP = rf"{P}/identity-providers/{SUB.format('idp')}"
TEAM = rf"{P}/teams/{SUB.format('team')}"
ACCESS_URLS = (
    Route("GET", rf"{P}/authentication-settings", "get_authentication"),
    Route("PATCH", rf"{P}/authentication-settings", "set_authentication"),
    Route("GET", rf"{P}/identity-providers", "list_idps"),
    Route("POST", rf"{P}/identity-providers", "add_idp"),
    Route("GET", IDP, "get_idp"),
    Route("PATCH", IDP, "update_idp"),
    Route("DELETE", IDP, "delete_idp"),
    Route("GET", rf"{IDP}/team-group-mappings", "list_group_mappings"),
    Route("POST", rf"{IDP}/team-group-mappings", "map_group"),
    Route("GET", rf"{IDP}/team-group-mappings/{SUB.format('mapping')}", "get_group_mapping"),
    Route("DELETE", rf"{IDP}/team-group-mappings/{SUB.format('mapping')}", "delete_group_mapping"),
    Route("GET", rf"{P}/teams", "list_teams"),
    Route("POST", rf"{P}/teams", "create_team"),
    Route("GET", TEAM, "get_team"),
    Route("PATCH", TEAM, "update_team"),
    Route("DELETE", TEAM, "delete_team"),
    Route("GET", rf"{TEAM}/developers", "list_members"),
    Route("POST", rf"{TEAM}/developers", "add_member"),
    Route("DELETE", rf"{TEAM}/developers/{SUB.format('developer')}", "remove_member"),
    Route("GET", rf"{TEAM}/assigned-roles", "list_roles"),
    Route("POST", rf"{TEAM}/assigned-roles", "assign_role"),
    Route("DELETE", rf"{TEAM}/assigned-roles/{SUB.format('role')}", "unassign_role"),
    Route("GET", rf"{P}/developers/{SUB.format('developer')}/teams", "developer_teams"),
    Route("GET", r"/v3/portal-roles", "role_catalogue"),
)

DEVELOPER = r"/portal/(?P<domain>[^/]+)/api/v3"
APP = rf"{DEVELOPER}/applications/{SUB.format('app')}"
PORTAL_URLS = (
    Route("POST", rf"{DEVELOPER}/developer", "sign_up"),
    Route("POST", rf"{DEVELOPER}/developer/verify-email", "verify_email"),
    Route("POST", rf"{DEVELOPER}/developer/reset-password", "reset_password"),
    Route("POST", rf"{DEVELOPER}/developer/authenticate", "authenticate"),
    Route("GET", rf"{DEVELOPER}/application-auth-strategies", "strategies"),
    Route("GET", rf"{DEVELOPER}/apis", "apis"),
    Route("GET", rf"{DEVELOPER}/apis/{SUB.format('api')}/actions", "api_actions"),
    Route("GET", rf"{DEVELOPER}/applications", "list_applications"),
    Route("POST", rf"{DEVELOPER}/applications", "create_application"),
    Route("GET", APP, "get_application"),
    Route("PATCH", APP, "update_application"),
    Route("DELETE", APP, "delete_application"),
    Route("POST", rf"{APP}/regenerate-secret", "regenerate_secret"),
    Route("GET", rf"{APP}/registrations", "list_registrations"),
    Route("POST", rf"{APP}/registrations", "create_registration"),
    Route("GET", rf"{APP}/registrations/{SUB.format('reg')}", "get_registration"),
    Route("DELETE", rf"{APP}/registrations/{SUB.format('reg')}", "delete_registration"),
)
SITE_URLS = (
    Route("GET", rf"{DEVELOPER}/portal", "context"),
    Route("GET", rf"{DEVELOPER}/pages", "pages"),
    Route("GET", rf"{DEVELOPER}/pages/(?P<path>.+)", "page"),
    Route("GET", rf"{DEVELOPER}/snippets", "snippets"),
    Route("GET", rf"{DEVELOPER}/snippets/{SUB.format('name')}", "snippet"),
    Route("GET", rf"{DEVELOPER}/customization", "customization"),
    Route("GET", rf"{DEVELOPER}/developer/me", "me"),
    Route("GET", rf"{DEVELOPER}/developer/teams", "teams"),
    Route("POST", rf"{DEVELOPER}/developer/logout", "logout"),
)
# A developer's sign-in through the portal's OIDC identity provider (sso.py): its start and the portal's redirect URI.
SSO_URLS = (
    Route("GET", rf"{DEVELOPER}/developer/authenticate/sso", "start"),
    Route("GET", r"/portal/(?P<domain>[^/]+)/login", "finish"),
)
