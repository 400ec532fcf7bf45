"""The Konnect emulator's route tables: (method, raw-path pattern) → a handler of KonnectResponses (the management
APIs), of AdminResponses (a portal's developers, applications and registrations, as its admin sees them) or of
PortalResponses (the developer Portal API of each portal, under /portal/<canonical domain>)."""

from __future__ import annotations

from ..web import Route

__all__ = ["ADMIN_URLS", "PORTAL_URLS", "URLS"]

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
