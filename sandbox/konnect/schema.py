"""Request-body rules of the Konnect DCR / auth-strategy API, checked the way Konnect reports them.

Each failure becomes one `invalid_parameters` entry (field, reason, rule, source). This is the emulator's
own, independent reading of the contract: it deliberately shares no code with dcr_components.
"""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from .exceptions import issue

Node = dict[str, Any]
LABEL_VALUE = r"^[a-z0-9A-Z]{1}([a-z0-9A-Z-._]*[a-z0-9A-Z]+)?$"


def s(lo: int | None = None, hi: int | None = None, **extra: Any) -> Node:
    return {"type": "string", "min": lo, "max": hi, **extra}


def obj(props: dict[str, Node], required: tuple[str, ...] = (), extra: bool | Node = False, **more: Any) -> Node:
    return {"type": "object", "props": props, "required": required, "extra": extra, **more}


BOOL: Node = {"type": "boolean"}
URL = s(None, 256, format="url")
LABELS = obj({}, extra=s(1, 63, pattern=LABEL_VALUE), max_props=50, labels=True)
LABELS_UPDATE = {
    **obj({}, extra={**s(1, 63, pattern=LABEL_VALUE), "nullable": True}, max_props=50, labels=True),
    "nullable": True,
}
SECRET = s(None, 256)
API_KEY = s(12, 256, pattern=r"^[a-zA-Z0-9_]+$")

CREATE_CONFIG: dict[str, Node] = {
    "auth0": obj(
        {
            "initial_client_id": s(None, 256),
            "initial_client_secret": SECRET,
            "initial_client_audience": {**s(None, 256), "nullable": True},
            "use_developer_managed_scopes": BOOL,
        },
        ("initial_client_id", "initial_client_secret"),
    ),
    "azureAd": obj(
        {"initial_client_id": s(None, 256), "initial_client_secret": SECRET},
        ("initial_client_id", "initial_client_secret"),
    ),
    "curity": obj(
        {"initial_client_id": s(None, 256), "initial_client_secret": SECRET},
        ("initial_client_id", "initial_client_secret"),
    ),
    "okta": obj({"dcr_token": SECRET}, ("dcr_token",)),
    "http": obj(
        {
            "dcr_base_url": URL,
            "api_key": API_KEY,
            "disable_event_hooks": BOOL,
            "disable_refresh_secret": BOOL,
            "allow_multiple_credentials": BOOL,
        },
        ("dcr_base_url", "api_key"),
    ),
    "kongIdentity": obj({}),
}
PROVIDER_TYPES = list(CREATE_CONFIG)
WRITE_ONLY = ("initial_client_secret", "dcr_token", "api_key")


def dcr_create(provider_type: str) -> Node:
    required = ("provider_type", "name", "issuer") + (() if provider_type == "kongIdentity" else ("dcr_config",))
    return obj(
        {
            "provider_type": {"enum": PROVIDER_TYPES},
            "name": s(1, 256),
            "display_name": s(1, 256),
            "issuer": URL,
            "labels": LABELS,
            "dcr_config": CREATE_CONFIG[provider_type],
        },
        required,
        extra=True,
    )


def _all_update_config_props() -> dict[str, Node]:
    props: dict[str, Node] = {}
    for name, node in CREATE_CONFIG.items():
        if name != "kongIdentity":
            props.update(node["props"])
    return props


DCR_UPDATE = obj(
    {
        "name": s(1, 256),
        "display_name": s(1, 256),
        "issuer": URL,
        "labels": LABELS_UPDATE,
        "dcr_config": obj(_all_update_config_props()),
    }
)

PRINCIPALS = obj({"enabled": BOOL}, ("enabled",))
KEY_AUTH = obj(
    {
        "key_names": {"type": "array", "items": s(None, 256), "min": 1, "max": 10},
        "ttl": obj(
            {"value": {"type": "integer", "minimum": 1}, "unit": {"enum": ["days", "weeks", "years"]}},
            ("value", "unit"),
        ),
    }
)
# Extra OIDC keys are plugin settings; the real API checks them against the plugin schema. We accept a known set.
OIDC_EXTRA = {
    "token_post_args_names",
    "token_post_args_values",
    "cache_tokens",
    "ssl_verify",
    "scopes_required",
    "token_endpoint_auth_method",
    "audience_required",
    "client_id",
    "introspection_endpoint",
}
OIDC = obj(
    {
        "issuer": URL,
        "credential_claim": {"type": "array", "items": s(None, 128), "max": 10},
        "scopes": {"type": "array", "items": s(None, 128), "max": 50},
        "auth_methods": {"type": "array", "items": s(None, 64), "max": 10},
    },
    ("issuer", "credential_claim", "scopes", "auth_methods"),
    extra=True,
    known_extra=OIDC_EXTRA,
)


def strategy_create(strategy_type: str) -> Node:
    config_key = {"key_auth": "key-auth", "openid_connect": "openid-connect"}[strategy_type]
    props: dict[str, Node] = {
        "name": s(1, 256),
        "display_name": s(None, 256),
        "strategy_type": {"enum": ["key_auth", "openid_connect"]},
        "configs": obj({config_key: KEY_AUTH if strategy_type == "key_auth" else OIDC}, (config_key,)),
        "labels": LABELS,
        "principals": PRINCIPALS,
    }
    if strategy_type == "openid_connect":
        props["dcr_provider_id"] = {**s(format="uuid"), "nullable": True}
    return obj(props, ("name", "display_name", "strategy_type", "configs"))


def _partial(node: Node) -> Node:
    return {**node, "required": ()}


STRATEGY_UPDATE = obj(
    {
        "name": s(1, 256),
        "display_name": s(None, 256),
        "labels": LABELS_UPDATE,
        "dcr_provider_id": {**s(format="uuid"), "nullable": True},
        "principals": PRINCIPALS,
        "configs": obj({"openid-connect": _partial(OIDC), "key-auth": {**_partial(KEY_AUTH), "extra": True}}),
    }
)


def check(node: Node, value: Any, field: str = "") -> list[dict[str, Any]]:
    """Validate `value` against `node`; returns Konnect-shaped invalid_parameters entries."""
    if value is None:
        return [] if node.get("nullable") else [issue(field, "must not be null", "is_null")]
    if "enum" in node:
        ok = value in node["enum"]
        return [] if ok else [issue(field, f"must be one of {node['enum']}", "enum", choices=node["enum"])]
    kind = node["type"]
    if kind == "string":
        return _check_string(node, value, field)
    if kind == "boolean":
        return [] if isinstance(value, bool) else [issue(field, "must be a boolean", "is_boolean")]
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [issue(field, "must be an integer", "is_integer")]
        return (
            []
            if value >= node.get("minimum", value)
            else [issue(field, f"must be at least {node['minimum']}", "min", minimum=node["minimum"])]
        )
    if kind == "array":
        if not isinstance(value, list):
            return [issue(field, "must be an array", "is_array")]
        if node.get("min") is not None and len(value) < node["min"]:
            return [issue(field, f"must have at least {node['min']} items", "min_items", minimum=node["min"])]
        if node.get("max") is not None and len(value) > node["max"]:
            return [issue(field, f"must have at most {node['max']} items", "max_items", maximum=node["max"])]
        return [issue for i, item in enumerate(value) for issue in check(node["items"], item, f"{field}[{i}]")]
    return _check_object(node, value, field)


def _check_string(node: Node, value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, str):
        return [issue(field, "must be a string", "is_string")]
    if node.get("min") is not None and len(value) < node["min"]:
        return [issue(field, f"must be at least {node['min']} characters", "min_length", minimum=node["min"])]
    if node.get("max") is not None and len(value) > node["max"]:
        return [issue(field, f"must be at most {node['max']} characters", "max_length", maximum=node["max"])]
    if node.get("pattern") and not re.match(node["pattern"], value):
        return [issue(field, f"must match {node['pattern']}", "matches_regex")]
    fmt = node.get("format")
    if fmt == "url" and not (urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc):
        return [issue(field, "must be a valid URL", "invalid")]
    if fmt == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return [issue(field, "must be a valid UUID", "is_uuid")]
    if fmt == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return [issue(field, "must be a valid email address", "is_email")]
    return []


def _check_object(node: Node, value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        return [issue(field, "must be an object", "is_object")]
    prefix = f"{field}." if field else ""
    issues = [
        issue(f"{prefix}{key}", "is a required field", "required") for key in node["required"] if key not in value
    ]
    if node.get("max_props") is not None and len(value) > node["max_props"]:
        issues.append(issue(field, f"must have at most {node['max_props']} entries", "max", maximum=node["max_props"]))
    for key, item in value.items():
        if node.get("labels") and (not 1 <= len(key) <= 63 or key.startswith(("kong", "konnect", "mesh", "kic", "_"))):
            issues.append(
                issue(f"{prefix}{key}", "label keys must be 1-63 characters and not use a reserved prefix", "is_label")
            )
            continue
        if key in node["props"]:
            issues += check(node["props"][key], item, f"{prefix}{key}")
        elif isinstance(node["extra"], dict):
            issues += check(node["extra"], item, f"{prefix}{key}")
        elif node["extra"] is False or ("known_extra" in node and key not in node["known_extra"]):
            issues.append(issue(f"{prefix}{key}", "unknown field", "unknown_property"))
    return issues
