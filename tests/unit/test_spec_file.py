"""apis[].specFile: only an OpenAPI/Swagger document from inside the project is read; every other file is refused
with one rule and never quoted."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dcr_components.config import ConfigError, load_config, parse_config, read_specs
from dcr_components.spec_file import IMAGE_MAX_BYTES, SPEC_MAX_BYTES, SpecFileError, read_project_image, read_spec
from tests.support.data import ENVIRONMENT

OPENAPI = "openapi: 3.0.3\ninfo: {title: Orders, version: v1}\npaths: {}\n"
SECRET = "s3cr3t-marker-0123456789"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "orders.yaml").write_text(OPENAPI)
    return tmp_path


def refusal(path: str, root: Path) -> str:
    with pytest.raises(SpecFileError) as info:
        read_spec(path, root)
    return str(info.value)


def test_an_openapi_yaml_json_or_swagger_file_inside_the_project_is_read_as_is(project: Path) -> None:
    assert read_spec("specs/orders.yaml", project) == OPENAPI
    (project / "specs" / "orders.json").write_text('{"openapi": "3.1.0", "info": {}, "paths": {}}')
    assert read_spec("specs/orders.json", project).startswith('{"openapi"')
    (project / "specs" / "old.yaml").write_text('swagger: "2.0"\ninfo: {}\n')
    assert "swagger" in read_spec("specs/old.yaml", project)


@pytest.mark.parametrize("path", ["/proc/self/environ", "/etc/passwd", "../../etc/passwd", "specs/../../x.yaml", ""])
def test_absolute_paths_and_paths_that_climb_out_are_refused_before_the_file_is_opened(
    path: str, project: Path
) -> None:
    assert refusal(path, project) == "must be a relative path inside the project directory (no leading /, no ..)"


def test_a_symlink_that_leads_out_of_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text(f"openapi: 3.0.0\nx-token: {SECRET}\n")
    os.symlink(outside, project / "specs" / "link.yaml")
    message = refusal("specs/link.yaml", project)
    assert message == "must be a relative path inside the project directory (it links outside it)"
    assert SECRET not in message


def test_a_file_that_is_not_utf8_is_refused_without_a_traceback(project: Path) -> None:
    (project / "specs" / "latin1.yaml").write_bytes(b"openapi: 3.0.0\ninfo: {title: caf\xe9}\n")
    assert refusal("specs/latin1.yaml", project) == "must be UTF-8 text"


def test_a_file_over_the_cap_is_refused_naming_the_cap(project: Path) -> None:
    (project / "specs" / "huge.yaml").write_text(OPENAPI + "#" * SPEC_MAX_BYTES)
    assert refusal("specs/huge.yaml", project) == "must be at most 1024 KiB (a document, not a dump)"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("# Orders\n\nA README, not a spec.\n", "(a mapping at the top level)"),
        ("title: Orders\npaths: {}\n", "top-level `openapi: 3.x`"),
        ("openapi: 2.0\n", "top-level `openapi: 3.x`"),
        (f"openapi: 3.0.0\ninfo: [{SECRET}\n", "(it does not parse)"),
        (f'{{"openapi": "3.0.0", "x": "{SECRET}"', "(it does not parse)"),
    ],
)
def test_a_file_that_is_not_an_openapi_document_is_refused_without_quoting_it(
    project: Path, text: str, rule: str
) -> None:
    (project / "specs" / "doc.yaml").write_text(text)
    message = refusal("specs/doc.yaml", project)
    assert rule in message
    assert SECRET not in message


def test_read_specs_names_each_bad_entry_by_its_index_all_at_once(project: Path) -> None:
    env = parse_config(
        {
            **ENVIRONMENT,
            "portal": {"name": "p"},
            "apis": [
                {"name": "Good", "specFile": "specs/orders.yaml"},
                {"name": "Environ", "specFile": "/proc/self/environ"},
                {"name": "None"},
                {"name": "Passwd", "specFile": "../../etc/passwd"},
            ],
        }
    )
    with pytest.raises(ConfigError) as info:
        read_specs(env, project)
    assert str(info.value).splitlines()[1:] == [
        "  konnect-auth0-dcr:dcr.apis.1.specFile: must be a relative path inside the project directory (no leading /, no ..)",
        "  konnect-auth0-dcr:dcr.apis.3.specFile: must be a relative path inside the project directory (no leading /, no ..)",
    ]
    good = parse_config(
        {**ENVIRONMENT, "portal": {"name": "p"}, "apis": [env.apis[0].model_dump(by_alias=True), {"name": "N"}]}
    )
    assert read_specs(good, project) == {"Good": OPENAPI, "N": None}


def test_load_config_refuses_the_environment_file_naming_the_key_and_never_its_content(
    stack_config: Callable[[dict[str, Any]], None],
) -> None:
    apis = [{"name": "Orders", "specFile": "/proc/self/environ"}]
    stack_config({"acme:dcr": {**ENVIRONMENT, "portal": {"name": "p"}, "apis": apis}})
    with pytest.raises(ConfigError) as info:
        load_config(namespace="acme")
    assert str(info.value).splitlines()[1:] == [
        "  acme:dcr.apis.0.specFile: must be a relative path inside the project directory (no leading /, no ..)"
    ]
    assert "PULUMI" not in str(info.value)


def test_a_logo_becomes_a_data_url_and_a_file_that_is_not_the_image_its_extension_says_is_refused(
    project: Path,
) -> None:
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"pixels")
    assert read_project_image("logo.png", project) == "data:image/png;base64," + base64.b64encode(
        b"\x89PNG\r\n\x1a\n" + b"pixels"
    ).decode("ascii")
    (project / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert read_project_image("logo.svg", project).startswith("data:image/svg+xml;base64,")
    (project / "fake.png").write_text(SECRET)
    (project / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * IMAGE_MAX_BYTES)
    (project / "notes.txt").write_text(SECRET)
    for path, rule in [
        ("fake.png", "must hold a image/png image, as its extension says"),
        ("big.png", "must be at most 256 KiB"),
        ("notes.txt", "must be an image file (.gif, .ico, .jpeg, .jpg, .png, .svg, .webp)"),
        ("../logo.png", "must be a relative path inside the project directory (no leading /, no ..)"),
    ]:
        with pytest.raises(SpecFileError) as info:
            read_project_image(path, project)
        assert str(info.value) == rule and SECRET not in str(info.value)
