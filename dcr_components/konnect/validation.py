"""Field rules shared by the Konnect wire models, written as pydantic annotated types.

Error messages name the rule; the field path is added by `describe_errors`.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, ValidationError

__all__ = [
    "HttpsIssuer",
    "Labels",
    "Name",
    "Url",
    "Uuid",
    "check_issuer",
    "check_labels",
    "describe_errors",
]

LABEL_VALUE = re.compile(r"^[a-z0-9A-Z]([a-z0-9A-Z\-._]*[a-z0-9A-Z]+)?$")
RESERVED_LABEL_PREFIXES = ("kong", "konnect", "mesh", "kic", "_")
MAX_LABELS = 50
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


def check_labels(labels: dict[str, str]) -> dict[str, str]:
    if len(labels) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} labels are allowed")
    for key, value in labels.items():
        if not 1 <= len(key) <= 63:
            raise ValueError(f"label key {key!r} must be 1-63 characters")
        # Konnect checks the reserved prefixes case-sensitively.
        if key.startswith(RESERVED_LABEL_PREFIXES):
            raise ValueError(f"label key {key!r} must not start with kong, konnect, mesh, kic or _")
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
Name = Annotated[str, Field(min_length=1, max_length=256)]


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
