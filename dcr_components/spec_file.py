"""An API's `specFile`: only an OpenAPI document from inside the project reaches inputs, state and Konnect.

The file's text becomes a plain input of the API resource, so it is shown by `pulumi preview --json`, stored in state
and sent to Konnect. A path that could name anything (`/proc/self/environ`, `../../etc/passwd`, a symlink out of the
project) would carry whatever it holds there, decrypted stack secrets included. Every rule is checked before any
resource exists, and no message ever quotes the file.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path, PurePath

import yaml

from .config_parts import ApiEntry
from .config_portal import PortalConfig

__all__ = [
    "IMAGE_MAX_BYTES",
    "SPEC_MAX_BYTES",
    "SpecFileError",
    "portal_texts_of",
    "read_project_image",
    "read_project_text",
    "read_spec",
    "specs_of",
]

Problems = list[tuple[str, str]]

# Konnect documents no size limit for an API version's spec; 1 MiB holds the largest public specs we know of
# (Stripe's is ~0.4 MiB as YAML) and keeps a mistaken file (a log, a dump) out of every checkpoint.
SPEC_MAX_BYTES = 1024 * 1024
# A logo or favicon travels as a data URL in an input and in state: kept small on purpose.
IMAGE_MAX_BYTES = 256 * 1024
# The image types a browser shows as a logo or favicon, by extension, with the bytes each file starts with.
IMAGE_TYPES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".ico": ("image/x-icon", (b"\x00\x00\x01\x00",)),
    ".webp": ("image/webp", (b"RIFF",)),
    ".svg": ("image/svg+xml", (b"<",)),
}


class SpecFileError(ValueError):
    """The rule a spec file breaks, phrased for `apis.N.specFile: <rule>`; never the file's content."""


def _inside(path: str, root: Path) -> Path:
    pure = PurePath(path)
    if not path or pure.is_absolute() or pure.drive or ".." in pure.parts:
        raise SpecFileError("must be a relative path inside the project directory (no leading /, no ..)")
    candidate = root / pure
    if not candidate.is_file():
        raise SpecFileError("no such file (paths are relative to the project directory)")
    # A symlink inside the project may still point out of it: compare where it really is.
    real, real_root = candidate.resolve(strict=True), root.resolve(strict=True)
    if not real.is_relative_to(real_root):
        raise SpecFileError("must be a relative path inside the project directory (it links outside it)")
    return real


def _document(text: str) -> object:
    try:
        return json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        # The parser's own message quotes the offending line: it must not reach a log.
        raise SpecFileError("must be an OpenAPI or Swagger document in JSON or YAML (it does not parse)") from None


def read_project_text(path: str, root: Path | None = None) -> str:
    """The UTF-8 text of a file inside the project (`path` relative to `root`, default the working directory: the
    project directory when Pulumi runs the program), at most 1 MiB; SpecFileError naming the rule it breaks."""
    real = _inside(path, root or Path.cwd())
    with real.open("rb") as handle:
        data = handle.read(SPEC_MAX_BYTES + 1)
    if len(data) > SPEC_MAX_BYTES:
        raise SpecFileError(f"must be at most {SPEC_MAX_BYTES // 1024} KiB (a document, not a dump)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecFileError("must be UTF-8 text") from None


def read_project_image(path: str, root: Path | None = None) -> str:
    """A logo or favicon inside the project as the data URL Konnect takes (`data:image/png;base64,…`): a PNG, JPEG,
    GIF, ICO, WebP or SVG file whose bytes are of its kind, at most 256 KiB; SpecFileError naming the rule."""
    kind = IMAGE_TYPES.get(PurePath(path).suffix.lower())
    if kind is None:
        raise SpecFileError(f"must be an image file ({', '.join(sorted(IMAGE_TYPES))})")
    real = _inside(path, root or Path.cwd())
    with real.open("rb") as handle:
        data = handle.read(IMAGE_MAX_BYTES + 1)
    if len(data) > IMAGE_MAX_BYTES:
        raise SpecFileError(f"must be at most {IMAGE_MAX_BYTES // 1024} KiB")
    mime, starts = kind
    head = data.lstrip() if mime == "image/svg+xml" else data
    if not head.startswith(starts) or (mime == "image/svg+xml" and b"<svg" not in data):
        raise SpecFileError(f"must hold a {mime} image, as its extension says")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def read_spec(path: str, root: Path | None = None) -> str:
    """The text of the OpenAPI document at `path` (see read_project_text), or SpecFileError naming the rule."""
    text = read_project_text(path, root)
    document = _document(text)
    if not isinstance(document, dict):
        raise SpecFileError("must be an OpenAPI or Swagger document (a mapping at the top level)")
    openapi, swagger = document.get("openapi"), document.get("swagger")
    if not (isinstance(openapi, str) and openapi.startswith("3.")) and str(swagger) != "2.0":
        raise SpecFileError(
            'must be an OpenAPI 3.x or Swagger 2.0 document (top-level `openapi: 3.x` or `swagger: "2.0"`)'
        )
    return text


def specs_of(apis: Sequence[ApiEntry], root: Path | None) -> tuple[dict[str, str | None], Problems]:
    """Each API's spec text by API name (None without specFile), and each file's problem by key path."""
    specs: dict[str, str | None] = {}
    problems: Problems = []
    for i, api in enumerate(apis):
        try:
            specs[api.name] = read_spec(api.spec_file, root) if api.spec_file is not None else None
        except SpecFileError as error:
            problems.append((f"apis.{i}.specFile", str(error)))
    return specs, problems


def portal_texts_of(portal: PortalConfig | None, root: Path | None) -> tuple[dict[str, str], Problems]:
    """The text of every Markdown or CSS file the portal names, and its logo and favicon as data URLs, by key path
    (`portal.pages.0.file`, `portal.customization.logoFile`, …)."""
    texts: dict[str, str] = {}
    problems: Problems = []
    if portal is None or portal.name is None:
        return texts, problems
    named = [(f"portal.pages.{i}.file", p.file) for i, p in enumerate(portal.pages or [])]
    named += [(f"portal.snippets.{i}.file", p.file) for i, p in enumerate(portal.snippets)]
    images: list[tuple[str, str | None]] = []
    look = portal.customization
    if look is not None:
        named.append(("portal.customization.cssFile", look.css_file))
        images = [
            ("portal.customization.logoFile", look.logo_file),
            ("portal.customization.faviconFile", look.favicon_file),
        ]
    for key, path in named + images:
        if path is not None:
            try:
                texts[key] = (
                    read_project_image(path, root)
                    if key.endswith(("logoFile", "faviconFile"))
                    else read_project_text(path, root)
                )
            except SpecFileError as error:
                problems.append((key, str(error)))
    return texts, problems
