"""Field rules shared by the Konnect wire models, written as pydantic annotated types.

Error messages name the rule; the field path is added by `describe_errors`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, ValidationError

__all__ = [
    "AUTH_METHODS",
    "MAX_USER_LABELS",
    "OWNER_LABEL",
    "AuthMethod",
    "HttpsIssuer",
    "Labels",
    "Name",
    "Text",
    "Url",
    "Uuid",
    "check_issuer",
    "check_labels",
    "check_text",
    "describe_errors",
    "is_token",
]

LABEL_VALUE = re.compile(r"^[a-z0-9A-Z]([a-z0-9A-Z\-._]*[a-z0-9A-Z]+)?$")
RESERVED_LABEL_PREFIXES = ("kong", "konnect", "mesh", "kic", "_")
# Konnect allows 50 labels per object; one of them is the ownership label every object we create carries.
MAX_LABELS = 50
MAX_USER_LABELS = MAX_LABELS - 1
OWNER_LABEL = "pulumi-owner"
# What the OIDC plugin behind an openid_connect strategy accepts in auth_methods.
AuthMethod = Literal[
    "authorization_code",
    "bearer",
    "client_credentials",
    "introspection",
    "kong_oauth2",
    "password",
    "refresh_token",
    "session",
    "userinfo",
]
AUTH_METHODS: tuple[str, ...] = get_args(AuthMethod)
FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\-]*): (.+)$", re.DOTALL)


def check_issuer(value: str) -> str:
    """Konnect and Auth0 compare issuers byte for byte: https, a host, and no trailing slash."""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError("must be an https:// URL with a host")
    if value.endswith("/"):
        raise ValueError("must not end with a trailing slash")
    if len(value) > 256:
        raise ValueError("must be at most 256 characters")
    return value


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s):// URL with a host")
    if len(value) > 256:
        raise ValueError("must be at most 256 characters")
    return value


def check_uuid(value: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError("must be a UUID") from None
    return value


def is_token(value: str) -> bool:
    """No whitespace and no control or format (bidi, zero-width) characters: an identifier or a scope."""
    return not any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in value)


def check_text(value: str) -> str:
    """A name people read: not empty, no control characters, no bidi or zero-width tricks."""
    if not value.strip():
        raise ValueError("must not be empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError("must not contain control, bidi or zero-width characters")
    return value


def check_labels(labels: dict[str, str]) -> dict[str, str]:
    """Konnect's label rules, with one label kept back for ownership. Messages name keys, never values."""
    if len(labels) > MAX_USER_LABELS:
        raise ValueError(f"at most {MAX_USER_LABELS} labels are allowed (Konnect's 50, less the ownership label)")
    for key, value in labels.items():
        if not 1 <= len(key) <= 63:
            raise ValueError(f"label key {key!r} must be 1-63 characters")
        # Konnect checks the reserved prefixes case-sensitively.
        if key.startswith(RESERVED_LABEL_PREFIXES):
            raise ValueError(f"label key {key!r} must not start with kong, konnect, mesh, kic or _")
        if key == OWNER_LABEL:
            raise ValueError(f"label key {key!r} is reserved for the ownership label")
        if not 1 <= len(value) <= 63:
            raise ValueError(f"label {key!r} value must be 1-63 characters")
        if not LABEL_VALUE.match(value):
            raise ValueError(
                f"label {key!r} value must start and end with a letter or digit and hold only letters, digits, '-', '.', '_'"
            )
    return labels


HttpsIssuer = Annotated[str, AfterValidator(check_issuer)]
Url = Annotated[str, AfterValidator(check_url)]
Labels = Annotated[dict[str, str], AfterValidator(check_labels)]
Uuid = Annotated[str, AfterValidator(check_uuid)]
Text = Annotated[str, AfterValidator(check_text)]
Name = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(check_text)]


def describe_errors(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, reason) pairs; never echoes the offending input, which may be a secret."""
    out: list[tuple[str, str]] = []
    for item in error.errors(include_input=False, include_url=False):
        path = ".".join(str(part) for part in item["loc"])
        msg = item["msg"].removeprefix("Value error, ")
        # Cross-field validators say "field: reason"; fold the field into the path.
        named = FIELD_PREFIX.match(msg)
        if named:
            path = f"{path}.{named[1]}" if path else named[1]
            msg = named[2]
        out.append((path or "(input)", msg))
    return out
