"""Checks every Konnect sandbox response against the component schemas of Kong's OpenAPI document.

The document is read in place from ../shared/reference (or $KONNECT_OPENAPI_SPEC); it is never copied
into this project. Responses are validated as they leave the sandbox, so unit, provider and e2e tests
all feed it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30ReadValidator

ROOT = Path(__file__).resolve().parents[2]
SPEC_CANDIDATES = [str(ROOT.parent / "shared" / "reference" / "konnect-openapi-dcr.yaml")]

SPEC_MISSING = (
    "Kong's konnect-openapi-dcr.yaml not found (../shared/reference or $KONNECT_OPENAPI_SPEC): "
    "Konnect emulator responses are NOT checked against the spec"
)

ID = r"[^/]+"
# (method, path regex, status) -> component schema name
ROUTES: list[tuple[str, str, int, str]] = [
    ("GET", r"/v2/dcr-providers", 200, "ListDcrProvidersResponse"),
    ("POST", r"/v2/dcr-providers", 201, "CreateDcrProviderResponse"),
    ("GET", rf"/v2/dcr-providers/{ID}", 200, "DcrProviderResponse"),
    ("PATCH", rf"/v2/dcr-providers/{ID}", 200, "DcrProviderResponse"),
    ("POST", rf"/v2/dcr-providers/{ID}/verify", 200, "VerifyDcrProviderResponse"),
    ("GET", r"/v2/application-auth-strategies", 200, "ListAppAuthStrategiesResponse"),
    ("POST", r"/v2/application-auth-strategies", 201, "CreateAppAuthStrategyResponse"),
    ("GET", rf"/v2/application-auth-strategies/{ID}", 200, "GetAppAuthStrategyResponse"),
    ("PATCH", rf"/v2/application-auth-strategies/{ID}", 200, "UpdateAppAuthStrategyResponse"),
    ("PUT", rf"/v2/application-auth-strategies/{ID}", 201, "CreateAppAuthStrategyResponse"),
]
ERRORS = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    403: "ForbiddenError",
    404: "NotFoundError",
    409: "ConflictError",
    429: "TooManyRequestsError",
}


def find_spec() -> Path | None:
    """$KONNECT_OPENAPI_SPEC when set (and only it), else the shared reference copy beside the project."""
    explicit = os.environ.get("KONNECT_OPENAPI_SPEC")
    for candidate in [explicit] if explicit else SPEC_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def load_components(path: Path) -> dict[str, Any]:
    docs = list(yaml.safe_load_all(path.read_text()))
    schemas: dict[str, Any] = {}
    for doc in docs:
        schemas.update(((doc or {}).get("components") or {}).get("schemas") or {})
    return {"schemas": schemas}


class ContractChecker:
    """Collects schema violations; tests assert the list is empty."""

    def __init__(self, components: dict[str, Any]) -> None:
        self.components = components
        self.violations: list[str] = []
        self.checked = 0
        self._lock = threading.Lock()

    def schema_for(self, method: str, path: str, status: int) -> str | None:
        if status in ERRORS:
            return ERRORS[status]
        if status == 204 or status >= 500:
            return "BaseError" if status >= 500 else None
        for m, pattern, code, name in ROUTES:
            if m == method and code == status and re.fullmatch(pattern, path):
                return name
        return f"<no schema for {method} {path} {status}>"

    def check(self, method: str, path: str, status: int, body: bytes) -> None:
        if path.startswith("/_sandbox/"):
            return
        name = self.schema_for(method, path, status)
        problems: list[str] = []
        if name is None:
            if body:
                problems.append("expected an empty body")
        elif name.startswith("<"):
            problems.append(name)
        elif not (status == 429 and not body):
            try:
                instance = json.loads(body)
            except ValueError:
                problems.append("body is not JSON")
            else:
                if status == 429 and "message" in instance:
                    name = None  # Kong's rate limiter body, {"message": ...}: not problem+json
                if name:
                    schema = {"$ref": f"#/components/schemas/{name}", "components": self.components}
                    validator = OAS30ReadValidator(schema)
                    problems += [
                        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                        for e in validator.iter_errors(instance)
                    ]
        with self._lock:
            self.checked += 1
            self.violations += [f"{method} {path} -> {status} [{name}]: {p}" for p in problems]

    def wrap(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def checked_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            seen: dict[str, Any] = {}

            def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                seen["status"] = int(status.split()[0])
                return start_response(status, headers, *rest)

            body = b"".join(app(environ, capture))
            path = environ.get("RAW_PATH") or environ.get("PATH_INFO", "")
            self.check(environ["REQUEST_METHOD"], path, seen["status"], body)
            return [body]

        return checked_app
