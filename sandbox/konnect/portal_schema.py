"""Request-body rules of the whole-portal endpoints of Portal Management v3 (sign-in settings, identity providers,
teams and their roles, pages, snippets, customization, custom domain), in the form `schema.check` reads."""

from __future__ import annotations

from .schema import BOOL, Node, obj, s

__all__ = [
    "ADD_MEMBER",
    "ASSET",
    "ASSIGN_ROLE",
    "AUTH_SETTINGS",
    "CUSTOMIZATION",
    "DOMAIN_CREATE",
    "DOMAIN_UPDATE",
    "GROUP_MAPPING",
    "IDP_CREATE",
    "IDP_UPDATE",
    "MOVE_PAGE",
    "PAGE_CREATE",
    "PAGE_UPDATE",
    "SNIPPET_CREATE",
    "SNIPPET_UPDATE",
    "TEAM_CREATE",
    "TEAM_UPDATE",
]

UUID = s(format="uuid")
VISIBILITY: Node = {"enum": ["public", "private"]}
STATUS: Node = {"enum": ["published", "unpublished"]}
STRINGS: Node = {"type": "array", "items": s()}

AUTH_SETTINGS = obj(
    {
        "basic_auth_enabled": BOOL,
        "oidc_auth_enabled": BOOL,
        "saml_auth_enabled": BOOL,
        "oidc_team_mapping_enabled": BOOL,
        "konnect_mapping_enabled": BOOL,
        "idp_mapping_enabled": BOOL,
        "oidc_issuer": s(),
        "oidc_client_id": s(),
        "oidc_client_secret": s(),
        "oidc_scopes": STRINGS,
        "oidc_claim_mappings": obj({"name": s(), "email": s(), "groups": s()}),
    }
)
CLAIMS = obj({"name": s(), "email": s(), "groups": s()}, max_props=3)
OIDC_CONFIG = obj(
    {
        "issuer_url": s(format="url"),
        "client_id": s(1),
        "client_secret": s(1),
        "scopes": STRINGS,
        "claim_mappings": CLAIMS,
    },
    ("issuer_url", "client_id"),
)
SAML_CONFIG = obj({"idp_metadata_url": s(format="url"), "idp_metadata_xml": s(1)})
IDP_CREATE = obj({"type": {"enum": ["oidc", "saml"]}, "enabled": BOOL, "config": obj({}, extra=True)}, ("type",))
IDP_UPDATE = obj({"enabled": BOOL, "config": obj({}, extra=True)})
IDP_CONFIG = {"oidc": OIDC_CONFIG, "saml": SAML_CONFIG}
GROUP_MAPPING = obj({"team_id": UUID, "group": s(1)}, ("team_id", "group"))

TEAM_PROPS: dict[str, Node] = {"name": s(1, 250), "description": s(None, 250), "can_own_applications": BOOL}
TEAM_CREATE = obj(TEAM_PROPS, ("name",))
TEAM_UPDATE = obj(TEAM_PROPS)
ADD_MEMBER = obj({"id": UUID}, ("id",))
ASSIGN_ROLE = obj(
    {
        "role_name": {"enum": ["API Viewer", "API Consumer"]},
        "entity_id": UUID,
        "entity_type_name": {"enum": ["Services"]},
        "entity_region": {"enum": ["us", "eu", "au", "me", "in", "sg", "*"]},
    },
    ("role_name", "entity_id", "entity_type_name", "entity_region"),
)

PAGE_PROPS: dict[str, Node] = {
    "slug": s(1, 512),
    "title": s(None, 512),
    "content": s(None, 1_000_000),
    "visibility": VISIBILITY,
    "status": STATUS,
    "description": s(None, 160),
    "parent_page_id": {**UUID, "nullable": True},
}
PAGE_CREATE = obj(PAGE_PROPS, ("slug", "content"))
PAGE_UPDATE = obj(PAGE_PROPS)
MOVE_PAGE = obj({"parent_page_id": UUID, "index": {"type": "integer", "minimum": -(10**6)}})
SNIPPET_PROPS: dict[str, Node] = {
    "name": s(1, 512),
    "title": s(None, 512),
    "content": s(None, 1_000_000),
    "visibility": VISIBILITY,
    "status": STATUS,
    "description": s(None, 160),
}
SNIPPET_CREATE = obj(SNIPPET_PROPS, ("name", "content"))
SNIPPET_UPDATE = obj(SNIPPET_PROPS)

MENU_ITEM = obj(
    {"path": s(None, 512), "title": s(), "visibility": VISIBILITY, "external": BOOL},
    ("path", "title", "visibility", "external"),
)
MENU_ITEMS: Node = {"type": "array", "items": MENU_ITEM}
CUSTOMIZATION = obj(
    {
        "theme": obj({"name": s(), "mode": {"enum": ["light", "dark", "system"]}, "colors": obj({"primary": s()})}),
        "layout": s(),
        "css": {**s(), "nullable": True},
        "menu": obj(
            {
                "main": MENU_ITEMS,
                "footer_sections": {
                    "type": "array",
                    "items": obj({"title": s(None, 512), "items": MENU_ITEMS}, ("title", "items")),
                },
                "footer_bottom": MENU_ITEMS,
            }
        ),
        "spec_renderer": obj(
            {
                k: BOOL
                for k in (
                    "try_it_ui",
                    "try_it_insomnia",
                    "infinite_scroll",
                    "show_schemas",
                    "hide_internal",
                    "hide_deprecated",
                    "allow_custom_server_urls",
                )
            }
        ),
        "robots": {**s(), "nullable": True},
    }
)

HOSTNAME = s(1, 253, pattern=r"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")
DOMAIN_CREATE = obj(
    {
        "hostname": HOSTNAME,
        "enabled": BOOL,
        "ssl": obj(
            {
                "domain_verification_method": {"enum": ["http", "custom_certificate"]},
                "custom_certificate": s(1),
                "custom_private_key": s(1),
                "skip_ca_check": BOOL,
            },
            ("domain_verification_method",),
        ),
    },
    ("hostname", "enabled", "ssl"),
)
DOMAIN_UPDATE = obj(
    {"enabled": BOOL, "ssl": obj({"custom_certificate": s(1), "custom_private_key": s(1), "skip_ca_check": BOOL})}
)

# A logo or favicon (`PUT …/assets/logo|favicon`, not in the extracts: Kong's SDKs and Terraform provider send one
# field, `data`, a data URL of the image).
ASSET = obj({"data": s(1, pattern=r"^data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]+=*$")}, ("data",))
