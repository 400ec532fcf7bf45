"""One line per check, never a traceback: a check returns what it found or raises CheckFailed, and `attempt` turns
every other failure (bad credentials, Konnect errors, network) into a readable failed Check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx

from ..konnect.errors import KonnectAPIError, KonnectConfigError, KonnectConnectionError, UnauthorizedError

__all__ = ["Check", "CheckFailed", "Status", "attempt", "bad_credentials", "host_of"]

Status = Literal["pass", "fail", "skip"]


@dataclass
class Check:
    name: str
    status: Status
    expected: str = ""
    found: str = ""
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "pass"

    def line(self) -> str:
        head = f"{self.status.upper():<4}  {self.name}"
        if self.status != "fail":
            return head + (f": {self.found}" if self.found else "")
        return f"{head}\n      expected: {self.expected}\n      found:    {self.found}\n      fix:      {self.fix}"


class CheckFailed(Exception):
    def __init__(self, expected: str, found: str, fix: str) -> None:
        super().__init__(found)
        self.expected, self.found, self.fix = expected, found, fix


def bad_credentials(who: str, keys: str, fix: str) -> CheckFailed:
    return CheckFailed(f"{who} to accept {keys}", f"bad credentials: {who} refused {keys}", fix)


def host_of(exc: httpx.HTTPError) -> str:
    try:
        return str(exc.request.url.host)
    except RuntimeError:  # an error raised before any request was made
        return "?"


def attempt(name: str, check: Callable[[], str]) -> Check:
    """Run one check; every failure becomes one readable Check, never a traceback."""
    try:
        return Check(name, "pass", found=check())
    except CheckFailed as exc:
        return Check(name, "fail", exc.expected, exc.found, exc.fix)
    except UnauthorizedError:
        return Check(
            name,
            "fail",
            "Konnect to accept the token",
            "bad credentials: Konnect refused the token from konnect:token (or KONNECT_TOKEN)",
            "set a valid token: `pulumi config set --secret konnect:token <kpat_…|spat_…>` or export KONNECT_TOKEN",
        )
    except KonnectConfigError as exc:
        return Check(name, "fail", "usable Konnect settings", str(exc), "fix the setting named above")
    except (KonnectConnectionError, KonnectAPIError) as exc:
        return Check(
            name, "fail", "an answer from Konnect", str(exc), "check konnect:region / konnect:serverUrl and the network"
        )
    except httpx.HTTPError as exc:
        return Check(
            name,
            "fail",
            "a reachable endpoint",
            f"{type(exc).__name__} talking to {host_of(exc)}",
            "check the network path and the domain / region in the stack config",
        )
