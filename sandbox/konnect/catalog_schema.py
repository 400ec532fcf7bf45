"""Request-body rules of Konnect's Dev Portal v3 (Portal Management, API Builder, the developer Portal API), in the
same form and checked by the same `check` as the DCR rules."""

from __future__ import annotations

from .schema import BOOL, LABELS, LABELS_UPDATE, Node, obj, s

__all__ = [
    "API_CREATE",
    "API_UPDATE",
    "API_VERSION",
    "APPLICATION_CREATE",
    "APPLICATION_UPDATE",
    "AUTHENTICATE",
    "DEVELOPER_STATUS",
    "PORTAL_CREATE",
    "PORTAL_UPDATE",
    "PUBLICATION",
    "REGISTER",
    "REGISTRATION_CREATE",
    "REGISTRATION_STATUS",
    "RESET_PASSWORD",
    "VERIFY_EMAIL",
]

UUID = s(format="uuid")
VISIBILITY: Node = {"enum": ["public", "private"]}
NULLABLE_UUID = {**UUID, "nullable": True}

PORTAL_PROPS: dict[str, Node] = {
    "name": s(1, 255),
    "display_name": s(1, 255),
    "description": {**s(None, 512), "nullable": True},
    "authentication_enabled": BOOL,
    "rbac_enabled": BOOL,
    "sipr_enabled": BOOL,
    "default_api_visibility": VISIBILITY,
    "default_page_visibility": VISIBILITY,
    "default_application_auth_strategy_id": NULLABLE_UUID,
    "auto_approve_developers": BOOL,
    "auto_approve_applications": BOOL,
    "labels": LABELS_UPDATE,
    "notifications_developer_pii_visibility_enabled": BOOL,
}
PORTAL_CREATE = obj(PORTAL_PROPS, ("name",))
PORTAL_UPDATE = obj(PORTAL_PROPS)

ATTRIBUTES = obj({}, extra={"type": "array", "items": s(1, 512, pattern=r"^[^,<>]*$"), "min": 1, "max": 20})
API_PROPS: dict[str, Node] = {
    "name": s(1, 255),
    "description": {**s(), "nullable": True},
    "version": {**s(1, 255), "nullable": True},
    "slug": {**s(pattern=r"^[\w-]+$"), "nullable": True},
    "attributes": ATTRIBUTES,
}
API_CREATE = obj({**API_PROPS, "labels": LABELS, "spec_content": s()}, ("name",))
API_UPDATE = obj({**API_PROPS, "labels": LABELS_UPDATE})
API_VERSION_PROPS: dict[str, Node] = {"version": s(1, 255), "spec": obj({"content": s(1)}, ("content",))}
API_VERSION = obj(API_VERSION_PROPS, ("spec",))
API_VERSION_UPDATE = obj(API_VERSION_PROPS)

PUBLICATION = obj(
    {
        "auth_strategy_ids": {"type": "array", "items": UUID, "min": 1, "max": 1, "nullable": True},
        "visibility": VISIBILITY,
        "auto_approve_registrations": BOOL,
    }
)

STATUSES = ["approved", "pending", "rejected", "revoked"]
REGISTRATION_STATUS = obj({"status": {"enum": STATUSES}})
DEVELOPER_STATUS = obj({"status": {"enum": STATUSES}})

# The developer Portal API.
REGISTER = obj({"email": s(format="email"), "full_name": s(1, 256)}, ("full_name", "email"))
VERIFY_EMAIL = obj({"token": UUID}, ("token",))
RESET_PASSWORD = obj({"password": s(1), "token": UUID}, ("password", "token"))
AUTHENTICATE = obj({"username": s(1), "password": s(1)}, ("username", "password"))
APPLICATION_PROPS: dict[str, Node] = {
    "name": s(1, 255),
    "client_id": s(None, 255),
    "redirect_uri": {**s(format="url"), "nullable": True},
    "description": s(None, 255),
    "scopes": {"type": "array", "items": s()},
    "team_id": NULLABLE_UUID,
}
APPLICATION_CREATE = obj({**APPLICATION_PROPS, "auth_strategy_id": NULLABLE_UUID}, ("name",))
APPLICATION_UPDATE = obj(APPLICATION_PROPS)
REGISTRATION_CREATE = obj({"api_id": UUID}, ("api_id",))
