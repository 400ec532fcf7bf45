"""The client's retry policy, one named function at a time."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from dcr_components.konnect.client import (
    BACKOFF_CAP,
    KonnectSettings,
    backoff_delay,
    base_url_for,
    parse_retry_after,
    should_retry,
)
from dcr_components.konnect.errors import KonnectConfigError


@pytest.mark.parametrize(
    ("method", "status", "expected"),
    [
        ("GET", 429, True),
        ("POST", 429, True),
        ("GET", 503, True),
        ("PATCH", 502, True),
        ("DELETE", 504, True),
        ("PUT", 503, True),
        ("POST", 503, False),
        ("POST", 502, False),
        ("POST", 504, False),
        ("GET", 409, False),
        ("DELETE", 409, False),
        ("POST", 409, False),
        ("GET", 500, False),
        ("GET", 400, False),
        ("GET", 401, False),
        ("GET", 404, False),
    ],
)
def test_should_retry_by_status(method: str, status: int, expected: bool) -> None:
    assert should_retry(method, status) is expected


def test_a_post_is_retried_after_a_connect_error_because_it_never_reached_the_server() -> None:
    assert should_retry("POST", None, httpx.ConnectError("refused")) is True


def test_a_post_is_not_retried_after_a_read_timeout_because_it_may_have_been_processed() -> None:
    assert should_retry("POST", None, httpx.ReadTimeout("slow")) is False
    assert should_retry("GET", None, httpx.ReadTimeout("slow")) is True


def test_parse_retry_after_reads_seconds_dates_and_ratelimit_reset() -> None:
    assert parse_retry_after({"retry-after": "7"}) == 7.0
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=1_000_000) == pytest.approx(30.0)
    assert parse_retry_after({"ratelimit-reset": "48"}) == 48.0
    assert parse_retry_after({"retry-after": "3", "ratelimit-reset": "48"}) == 3.0
    assert parse_retry_after({}) is None
    assert parse_retry_after({"ratelimit-reset": "soon"}) is None


def test_backoff_honours_a_sane_server_hint_and_caps_its_own_growth() -> None:
    assert backoff_delay(0, 2.0) == 2.0
    assert backoff_delay(5, 0.0) == 0.0
    # A hint beyond 60 s is not trusted: fall back to capped exponential backoff.
    assert backoff_delay(0, 3600.0, jitter=lambda: 0.5) == pytest.approx(0.5)
    assert backoff_delay(1, None, jitter=lambda: 0.5) == pytest.approx(1.0)
    assert backoff_delay(10, None, jitter=lambda: 1.0) == pytest.approx(BACKOFF_CAP * 1.25)
    assert backoff_delay(10, None, jitter=lambda: 0.0) == pytest.approx(BACKOFF_CAP * 0.75)


def test_base_url_for_regions_and_explicit_server() -> None:
    assert base_url_for(None, None) == "https://us.api.konghq.com"
    assert base_url_for("eu", None) == "https://eu.api.konghq.com"
    assert base_url_for("SG", None) == "https://sg.api.konghq.com"
    assert base_url_for("eu", "http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    with pytest.raises(KonnectConfigError, match=r"konnect:region \(or KONNECT_REGION\) must be one of us, eu, au"):
        base_url_for("global", None)
    with pytest.raises(
        KonnectConfigError, match=r"konnect:serverUrl \(or KONNECT_SERVER_URL\) must start with https://"
    ):
        base_url_for(None, "eu.api.konghq.com")


def test_settings_prefer_stack_config_over_env_and_hide_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KONNECT_TOKEN", "spat_from_env")
    config = {"konnect:token": "kpat_from_config", "konnect:region": "au"}
    settings = KonnectSettings.resolve(lambda key: config.get(key))
    assert settings.token == "kpat_from_config"
    assert settings.base_url == "https://au.api.konghq.com"
    assert "kpat_from_config" not in repr(settings)
    assert KonnectSettings.resolve(lambda _key: None).token == "spat_from_env"


def test_settings_without_any_token_say_how_to_set_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KONNECT_TOKEN", raising=False)
    with pytest.raises(KonnectConfigError, match=r"pulumi config set --secret konnect:token"):
        KonnectSettings.resolve(lambda _key: None)
