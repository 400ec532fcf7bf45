"""Which language host make setup installs: an official release's when one is complete and answers, else ours."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.toolchain import tool_module

hostselect = tool_module("hostselect")
OURS = "3.260.0+konnect-auth0-dcr"


def release(folder: Path, version: str = "v3.261.0", helpers: bool = True, host_body: str | None = None) -> Path:
    """A fake unpacked release: pulumi, the host (answering -version) and, unless told not to, its helpers."""
    folder.mkdir(parents=True)
    (folder / "pulumi").write_text("#!/bin/sh\necho v3.261.0\n")
    host = folder / "pulumi-language-python"
    host.write_text(host_body or f'#!/bin/sh\n[ "$1" = -version ] && echo {version}\n')
    for tool in [folder / "pulumi", host]:
        tool.chmod(0o755)
    if helpers:
        for helper in hostselect.HELPERS:
            (folder / helper).write_text("#!/bin/sh\n")
    return folder


def env_with(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A HOME with no ~/.pulumi and a PATH holding only the system tools, plus `extra`."""
    return {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", **extra}


def test_a_complete_release_named_by_PULUMI_RELEASE_DIR_is_preferred(tmp_path: Path) -> None:
    folder = release(tmp_path / "pulumi-release" / "pulumi")
    # The tarball's top folder works as well as the folder of binaries inside it.
    choice = hostselect.choose(env_with(tmp_path, PULUMI_RELEASE_DIR=str(tmp_path / "pulumi-release")), OURS)
    assert (choice.source, choice.directory, choice.version) == ("upstream", folder, "3.261.0")
    assert choice.line() == f"upstream {folder} 3.261.0"


def test_the_release_beside_a_pulumi_on_PATH_and_the_installer_folder_are_found(tmp_path: Path) -> None:
    on_path = release(tmp_path / "opt" / "pulumi")
    env = env_with(tmp_path)
    env["PATH"] = f"{on_path}{os.pathsep}{env['PATH']}"
    assert hostselect.choose(env, OURS).directory == on_path
    installer = release(tmp_path / "home" / ".pulumi" / "bin", version="v3.262.0")
    assert hostselect.choose(env_with(tmp_path), OURS).directory == installer
    # PULUMI_RELEASE_DIR comes first, then PATH, then ~/.pulumi/bin.
    env["PULUMI_RELEASE_DIR"] = str(release(tmp_path / "unpacked", version="v3.263.0"))
    assert hostselect.choose(env, OURS).version == "3.263.0"


@pytest.mark.parametrize(
    "broken",
    [
        {"helpers": False},
        {"host_body": "#!/bin/sh\nexit 3\n"},
        {"host_body": "#!/bin/sh\necho no version here\n"},
        # The project's own wrapper (a script running langhost.py) is never taken for a release.
        {"host_body": '#!/bin/sh\nexec python -u "/x/.tools/bin/langhost.py" "$@"\n'},
    ],
    ids=["helpers-missing", "host-fails", "no-version", "our-own-wrapper"],
)
def test_an_incomplete_or_silent_release_falls_back_to_the_project_host(
    tmp_path: Path, broken: dict[str, object]
) -> None:
    folder = release(tmp_path / "release", **broken)  # type: ignore[arg-type]
    choice = hostselect.choose(env_with(tmp_path, PULUMI_RELEASE_DIR=str(folder)), OURS)
    assert (choice.source, choice.directory, choice.version) == ("project", None, OURS)
    assert choice.line() == f"project - {OURS}"


def test_the_project_bin_folder_is_excluded_and_the_choice_can_be_forced(tmp_path: Path) -> None:
    folder = release(tmp_path / "release")
    env = env_with(tmp_path, PULUMI_RELEASE_DIR=str(folder))
    assert hostselect.choose(env, OURS, exclude=[folder]).source == "project"
    assert hostselect.choose({**env, "KONNECT_DCR_LANGUAGE_HOST": "project"}, OURS).source == "project"
    assert hostselect.choose({**env, "KONNECT_DCR_LANGUAGE_HOST": "upstream"}, OURS).source == "upstream"
    with pytest.raises(LookupError, match="PULUMI_RELEASE_DIR"):
        hostselect.choose({**env_with(tmp_path), "KONNECT_DCR_LANGUAGE_HOST": "upstream"}, OURS)
    with pytest.raises(ValueError, match="KONNECT_DCR_LANGUAGE_HOST must be 'project' or 'upstream'"):
        hostselect.choose({**env, "KONNECT_DCR_LANGUAGE_HOST": "mine"}, OURS)


def test_the_command_line_prints_one_line_and_fails_readably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.delenv("PULUMI_RELEASE_DIR", raising=False)
    monkeypatch.delenv("KONNECT_DCR_LANGUAGE_HOST", raising=False)
    assert hostselect.main(["--project-version", OURS]) == 0
    assert capsys.readouterr().out == f"project - {OURS}\n"
    monkeypatch.setenv("KONNECT_DCR_LANGUAGE_HOST", "upstream")
    assert hostselect.main(["--project-version", OURS]) == 1
    assert "no official release" in capsys.readouterr().err
