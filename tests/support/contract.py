"""Checks every Konnect emulator response against Kong's own OpenAPI documents.

Three files are read in place from ../shared/reference (never copied into this project):
- konnect-openapi-dcr.yaml (or $KONNECT_OPENAPI_SPEC): DCR providers and application auth strategies;
- konnect-openapi-portal.yaml (or $KONNECT_PORTAL_OPENAPI_SPEC): Portal Management v3, API Builder v3 and the
  developer Portal API v3, three documents; the last two resolve the shared schemas against the first;
- konnect-openapi-portal-extras.yaml (or $KONNECT_PORTAL_EXTRAS_OPENAPI_SPEC): the rest of Portal Management v3
  (developers, registrations by portal, sign-in, teams, pages, …) and of the Portal API, two documents; the second
  resolves what it omits against the first.
Responses are validated as they leave the emulator, so every test tier that talks to it feeds the checker.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30ReadValidator

ROOT = Path(__file__).resolve().parents[2]


def reference_dirs() -> list[Path]:
    """`../shared/reference` beside this checkout, else beside the checkout it was cloned from (CI tests a fresh
    clone of main made elsewhere; the reference material stays with the project, never copied into it)."""
    dirs = [ROOT.parent / "shared" / "reference"]
    origin = subprocess.run(
        ["git", "-C", str(ROOT), "config", "remote.origin.url"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if origin and "://" not in origin and ":" not in origin.split("/")[0]:  # a local path, not a URL
        dirs.append(Path(origin).resolve().parent / "shared" / "reference")
    return dirs


REFERENCE = next((d for d in reference_dirs() if d.is_dir()), ROOT.parent / "shared" / "reference")
SPEC_MISSING = (
    "Kong's konnect-openapi-dcr.yaml / konnect-openapi-portal.yaml / konnect-openapi-portal-extras.yaml not found "
    "(../shared/reference of this checkout or of its origin, or $KONNECT_OPENAPI_SPEC / $KONNECT_PORTAL_OPENAPI_SPEC / "
    "$KONNECT_PORTAL_EXTRAS_OPENAPI_SPEC): Konnect emulator responses are NOT checked against the spec"
)

ID = r"[^/]+"
DEV = r"/portal/[^/]+/api/v3"
# (method, path regex, status) -> (document, component): "dcr" is the DCR file; "pm", "ab", "dp" are the three
# documents of the portal file; "pmx", "dpx" the two of the extras file. A component is "schemas/<name>" or "responses/<name>" (its JSON content schema).
ROUTES: list[tuple[str, str, int, str, str]] = [
    ("GET", r"/v2/dcr-providers", 200, "dcr", "schemas/ListDcrProvidersResponse"),
    ("POST", r"/v2/dcr-providers", 201, "dcr", "schemas/CreateDcrProviderResponse"),
    ("GET", rf"/v2/dcr-providers/{ID}", 200, "dcr", "schemas/DcrProviderResponse"),
    ("PATCH", rf"/v2/dcr-providers/{ID}", 200, "dcr", "schemas/DcrProviderResponse"),
    ("POST", rf"/v2/dcr-providers/{ID}/verify", 200, "dcr", "schemas/VerifyDcrProviderResponse"),
    ("GET", r"/v2/application-auth-strategies", 200, "dcr", "schemas/ListAppAuthStrategiesResponse"),
    ("POST", r"/v2/application-auth-strategies", 201, "dcr", "schemas/CreateAppAuthStrategyResponse"),
    ("GET", rf"/v2/application-auth-strategies/{ID}", 200, "dcr", "schemas/GetAppAuthStrategyResponse"),
    ("PATCH", rf"/v2/application-auth-strategies/{ID}", 200, "dcr", "schemas/UpdateAppAuthStrategyResponse"),
    ("PUT", rf"/v2/application-auth-strategies/{ID}", 201, "dcr", "schemas/CreateAppAuthStrategyResponse"),
    ("POST", r"/v3/portals", 201, "pm", "responses/PortalResponse"),
    ("GET", rf"/v3/portals/{ID}", 200, "pm", "responses/PortalResponse"),
    ("PATCH", rf"/v3/portals/{ID}", 200, "pm", "responses/PortalResponse"),
    ("GET", rf"/v3/portals/{ID}/applications", 200, "pm", "responses/ListApplications"),
    ("GET", rf"/v3/portals/{ID}/applications/{ID}", 200, "pm", "responses/GetApplication"),
    ("GET", rf"/v3/portals/{ID}/applications/{ID}/registrations", 200, "pm", "responses/ListApplicationRegistrations"),
    (
        "PATCH",
        rf"/v3/portals/{ID}/applications/{ID}/registrations/{ID}",
        200,
        "pm",
        "responses/UpdateApplicationRegistration",
    ),
    ("GET", rf"/v3/portals/{ID}/developers", 200, "pmx", "responses/ListDevelopers"),
    ("GET", rf"/v3/portals/{ID}/developers/{ID}", 200, "pmx", "responses/GetDeveloper"),
    ("PATCH", rf"/v3/portals/{ID}/developers/{ID}", 200, "pmx", "responses/UpdateDeveloper"),
    ("GET", rf"/v3/portals/{ID}/application-registrations", 200, "pmx", "responses/ListApplicationRegistrations"),
    ("GET", rf"/v3/portals/{ID}/pages", 200, "pmx", "responses/ListPortalPages"),
    ("POST", rf"/v3/portals/{ID}/pages", 201, "pmx", "responses/PortalPage"),
    ("GET", rf"/v3/portals/{ID}/pages/{ID}", 200, "pmx", "responses/PortalPage"),
    ("PATCH", rf"/v3/portals/{ID}/pages/{ID}", 200, "pmx", "responses/PortalPage"),
    ("GET", rf"/v3/portals/{ID}/snippets", 200, "pmx", "responses/ListPortalSnippets"),
    ("POST", rf"/v3/portals/{ID}/snippets", 201, "pmx", "responses/PortalSnippet"),
    ("GET", rf"/v3/portals/{ID}/snippets/{ID}", 200, "pmx", "responses/PortalSnippet"),
    ("PATCH", rf"/v3/portals/{ID}/snippets/{ID}", 200, "pmx", "responses/PortalSnippet"),
    ("GET", rf"/v3/portals/{ID}/customization", 200, "pmx", "responses/PortalCustomizationResponse"),
    ("PUT", rf"/v3/portals/{ID}/customization", 200, "pmx", "responses/PortalCustomizationResponse"),
    ("PATCH", rf"/v3/portals/{ID}/customization", 200, "pmx", "responses/PortalCustomizationResponse"),
    ("GET", rf"/v3/portals/{ID}/custom-domain", 200, "pmx", "responses/PortalCustomDomain"),
    ("POST", rf"/v3/portals/{ID}/custom-domain", 201, "pmx", "responses/PortalCustomDomain"),
    ("PATCH", rf"/v3/portals/{ID}/custom-domain", 200, "pmx", "responses/PortalCustomDomain"),
    ("GET", rf"/v3/portals/{ID}/authentication-settings", 200, "pmx", "responses/PortalAuthenticationSettings"),
    ("PATCH", rf"/v3/portals/{ID}/authentication-settings", 200, "pmx", "responses/PortalAuthenticationSettings"),
    ("GET", rf"/v3/portals/{ID}/identity-providers", 200, "pmx", "responses/PortalIdentityProviders"),
    ("POST", rf"/v3/portals/{ID}/identity-providers", 201, "pmx", "responses/PortalIdentityProvider"),
    ("GET", rf"/v3/portals/{ID}/identity-providers/{ID}", 200, "pmx", "responses/PortalIdentityProvider"),
    ("PATCH", rf"/v3/portals/{ID}/identity-providers/{ID}", 200, "pmx", "responses/PortalIdentityProvider"),
    (
        "GET",
        rf"/v3/portals/{ID}/identity-providers/{ID}/team-group-mappings",
        200,
        "pmx",
        "responses/PortalIdpTeamGroupMappingCollection",
    ),
    (
        "POST",
        rf"/v3/portals/{ID}/identity-providers/{ID}/team-group-mappings",
        201,
        "pmx",
        "responses/PortalIdpTeamGroupMapping",
    ),
    (
        "GET",
        rf"/v3/portals/{ID}/identity-providers/{ID}/team-group-mappings/{ID}",
        200,
        "pmx",
        "responses/PortalIdpTeamGroupMapping",
    ),
    ("GET", rf"/v3/portals/{ID}/teams", 200, "pmx", "responses/ListPortalTeams"),
    ("POST", rf"/v3/portals/{ID}/teams", 201, "pmx", "responses/PortalTeam"),
    ("GET", rf"/v3/portals/{ID}/teams/{ID}", 200, "pmx", "responses/PortalTeam"),
    ("PATCH", rf"/v3/portals/{ID}/teams/{ID}", 200, "pmx", "responses/PortalTeam"),
    ("GET", rf"/v3/portals/{ID}/teams/{ID}/developers", 200, "pmx", "responses/ListBasicDevelopers"),
    ("GET", rf"/v3/portals/{ID}/teams/{ID}/assigned-roles", 200, "pmx", "responses/AssignedPortalRoleCollection"),
    ("POST", rf"/v3/portals/{ID}/teams/{ID}/assigned-roles", 201, "pmx", "responses/PortalAssignedRole"),
    ("GET", rf"/v3/portals/{ID}/developers/{ID}/teams", 200, "pmx", "responses/ListPortalTeams"),
    ("GET", r"/v3/portal-roles", 200, "pmx", "responses/ListRoles"),
    ("POST", r"/v3/apis", 201, "ab", "responses/ApiResponse"),
    ("GET", r"/v3/apis", 200, "ab", "responses/ListApiResponse"),
    ("GET", rf"/v3/apis/{ID}", 200, "ab", "responses/ApiResponse"),
    ("PATCH", rf"/v3/apis/{ID}", 200, "ab", "responses/ApiResponse"),
    ("PUT", rf"/v3/apis/{ID}/publications/{ID}", 200, "ab", "responses/ApiPublicationResponse"),
    ("GET", rf"/v3/apis/{ID}/publications/{ID}", 200, "ab", "responses/ApiPublicationResponse"),
    ("POST", rf"{DEV}/developer/verify-email", 202, "dp", "responses/VerifyEmailResponse"),
    ("GET", rf"{DEV}/application-auth-strategies", 200, "dp", "responses/ListAuthStrategies"),
    ("GET", rf"{DEV}/apis/{ID}/actions", 200, "dp", "responses/ApiActions"),
    ("GET", rf"{DEV}/applications", 200, "dp", "responses/ListApplications"),
    ("POST", rf"{DEV}/applications", 201, "dp", "responses/ApplicationCreation"),
    ("GET", rf"{DEV}/applications/{ID}", 200, "dp", "responses/GetApplication"),
    ("PATCH", rf"{DEV}/applications/{ID}", 200, "dp", "responses/ApplicationUpdate"),
    ("POST", rf"{DEV}/applications/{ID}/regenerate-secret", 201, "dp", "responses/RegenerateSecret"),
    ("GET", rf"{DEV}/applications/{ID}/registrations", 200, "dp", "responses/ListApiRegistrations"),
    ("POST", rf"{DEV}/applications/{ID}/registrations", 201, "dp", "responses/CreateAPIRegistration"),
    ("GET", rf"{DEV}/applications/{ID}/registrations/{ID}", 200, "dp", "responses/GetAPIRegistration"),
    ("GET", rf"{DEV}/portal", 200, "dpx", "responses/GetPortalContextResponse"),
    ("GET", rf"{DEV}/pages", 200, "dpx", "responses/ListPortalPagesResponse"),
    ("GET", rf"{DEV}/pages/.+", 200, "dpx", "responses/GetPortalPageResponse"),
    ("GET", rf"{DEV}/snippets", 200, "dpx", "responses/ListPortalSnippetsResponse"),
    ("GET", rf"{DEV}/snippets/{ID}", 200, "dpx", "responses/GetPortalSnippetResponse"),
    ("GET", rf"{DEV}/customization", 200, "dpx", "responses/PortalCustomizationResponse"),
    ("GET", rf"{DEV}/developer/me", 200, "dpx", "responses/MeResponse"),
    ("GET", rf"{DEV}/developer/teams", 200, "dpx", "responses/ListDeveloperTeamsResponse"),
]
# Answers whose bodies the extracts do not carry a schema for (the list and developer endpoints the excerpt left
# out, the sandbox's own `/apis` and `/versions` of the developer and builder APIs): shape-checked by tests instead.
UNCHECKED: list[tuple[str, str]] = [
    ("GET", r"/v3/portals"),
    ("POST", rf"/v3/apis/{ID}/versions"),
    ("GET", rf"/v3/apis/{ID}/versions"),
    ("GET", rf"/v3/apis/{ID}/versions/{ID}"),
    ("PATCH", rf"/v3/apis/{ID}/versions/{ID}"),
    ("DELETE", rf"/v3/apis/{ID}/versions/{ID}"),
    ("GET", rf"{DEV}/apis"),
    # A portal's logo and favicon: in Kong's spec, in neither extract (the extras file names them as left out).
    ("GET", rf"/v3/portals/{ID}/assets/(logo|favicon)"),
    ("PUT", rf"/v3/portals/{ID}/assets/(logo|favicon)"),
]
ERRORS = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    403: "ForbiddenError",
    404: "NotFoundError",
    409: "ConflictError",
    410: "GoneError",
    429: "TooManyRequestsError",
}


def find_spec(kind: str = "dcr") -> Path | None:
    """The DCR, portal or extras file: its env var when set (and only it), else the shared reference copy."""
    variable, name = {
        "dcr": ("KONNECT_OPENAPI_SPEC", "konnect-openapi-dcr.yaml"),
        "portal": ("KONNECT_PORTAL_OPENAPI_SPEC", "konnect-openapi-portal.yaml"),
        "extras": ("KONNECT_PORTAL_EXTRAS_OPENAPI_SPEC", "konnect-openapi-portal-extras.yaml"),
    }[kind]
    explicit = os.environ.get(variable)
    candidate = Path(explicit) if explicit else REFERENCE / name
    return candidate if candidate.is_file() else None


def load_documents(dcr: Path, portal: Path, extras: Path) -> dict[str, dict[str, Any]]:
    """Components per document; the portal file's 2nd and 3rd documents lean on the 1st for shared schemas, the
    extras file's 2nd on its 1st."""
    dcr_docs = [d for d in yaml.safe_load_all(dcr.read_text()) if d]
    pm, ab, dp = (d for d in yaml.safe_load_all(portal.read_text()) if d)
    pmx, dpx = (d for d in yaml.safe_load_all(extras.read_text()) if d)

    def components(*docs: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, dict[str, Any]] = {}
        for doc in docs:
            for kind, items in (doc.get("components") or {}).items():
                merged.setdefault(kind, {}).update(items or {})
        return merged

    documents = {
        "dcr": components(*dcr_docs),
        "pm": components(pm),
        "ab": components(pm, ab),
        "dp": components(pm, dp),
        "pmx": components(pmx),
        "dpx": components(pmx, dpx),
    }
    for doc in documents.values():
        # Applications require `labels` in responses (the spec's own example response carries them) but type them
        # LabelsUpdate, which is writeOnly: read as written, no response could pass. Labels are readable.
        if "LabelsUpdate" in doc.get("schemas", {}):
            doc["schemas"]["LabelsUpdate"] = {
                k: v for k, v in doc["schemas"]["LabelsUpdate"].items() if k != "writeOnly"
            }
    return {name: without_bare_discriminators(doc) for name, doc in documents.items()}


def without_bare_discriminators(node: Any) -> Any:
    """A `discriminator` with no `mapping` makes the validator look the value up as a schema name
    (`#/components/schemas/client_credentials`), which Kong's documents do not define; its `oneOf` alone decides."""
    if isinstance(node, dict):
        return {
            k: without_bare_discriminators(v)
            for k, v in node.items()
            if not (k == "discriminator" and isinstance(v, dict) and "mapping" not in v)
        }
    if isinstance(node, list):
        return [without_bare_discriminators(v) for v in node]
    return node


class ContractChecker:
    """Collects schema violations; tests assert the list is empty."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        self.violations: list[str] = []
        self.checked = 0
        self._lock = threading.Lock()

    def target(self, method: str, path: str, status: int) -> tuple[str, str] | str | None:
        """(document, component) to validate against; None for an empty body; a string names a problem."""
        doc = "dp" if path.startswith("/portal/") else "pm" if path.startswith("/v3/") else "dcr"
        if status in ERRORS:
            return (doc if doc != "ab" else "pm"), f"schemas/{ERRORS[status]}"
        # The spec's answers without a body: sign-up, moving a page, adding a developer to a team.
        empty = path.endswith(("/developer", "/move")) or re.fullmatch(rf"/v3/portals/{ID}/teams/{ID}/developers", path)
        if status == 204 or (status in (201, 202) and method == "POST" and empty):
            return None
        if status >= 500:
            return doc, "schemas/BaseError"
        if 300 <= status < 400:
            return None  # a redirect (a developer's SSO sign-in): no body
        for m, pattern, code, document, component in ROUTES:
            if m == method and code == status and re.fullmatch(pattern, path):
                return document, component
        if any(m == method and re.fullmatch(pattern, path) for m, pattern in UNCHECKED):
            return ""
        return f"<no schema for {method} {path} {status}>"

    def schema(self, document: str, component: str) -> dict[str, Any]:
        components = self.documents[document]
        kind, name = component.split("/", 1)
        if kind == "schemas":
            return {"$ref": f"#/components/schemas/{name}", "components": components}
        content = components["responses"][name]["content"]
        media = content.get("application/json") or content.get("application/problem+json")
        return {**media["schema"], "components": components}

    def check(self, method: str, path: str, status: int, body: bytes) -> None:
        if path.startswith("/_sandbox/"):
            return
        target = self.target(method, path, status)
        problems: list[str] = []
        label = str(target)
        if target is None:
            if body:
                problems.append("expected an empty body")
        elif isinstance(target, str):
            if target:
                problems.append(target)
        elif not (status == 429 and not body):
            label = target[1]
            try:
                instance = json.loads(body)
            except ValueError:
                problems.append("body is not JSON")
            else:
                if not (status == 429 and "message" in instance):  # Kong's rate limiter body is not problem+json
                    validator = OAS30ReadValidator(self.schema(*target))
                    problems += [
                        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                        for e in validator.iter_errors(instance)
                    ]
        with self._lock:
            self.checked += 1
            self.violations += [f"{method} {path} -> {status} [{label}]: {p}" for p in problems]

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
