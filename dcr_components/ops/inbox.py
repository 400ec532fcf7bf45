"""Which inbox a developer's round trip reads its verification token from: the one rule, for `try` and `verify`.

- On the sandbox (Konnect answers `/_sandbox/identity` as `konnect`), the sandbox's outbox: it sends no email and
  lists what it would have sent at `/_sandbox/emails`.
- Anywhere else Konnect emails a real address: the person running the tool gives it (`--email`) and pastes the token
  from that email at a prompt, so a terminal is needed too. Without both there is no inbox, and the round trip does
  not run (`try` says so; `verify` skips that check, saying why).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import httpx

__all__ = ["NO_INBOX", "Mailbox", "choose_mailbox", "is_sandbox", "prompt_mailbox", "sandbox_mailbox"]

Mailbox = Callable[[str], str]
"""Given the developer's email address, the token from the verification email Konnect sent there."""

NO_INBOX = (
    "Konnect is not the sandbox, so the verification email goes to a real inbox: pass --email <yours> and run in a "
    "terminal to paste the token from that email"
)


def is_sandbox(konnect_base_url: str) -> bool:
    """Whether Konnect is this project's emulator: only that answers `/_sandbox/identity` as `konnect`. Real
    Konnect answers 404 (or 401), so the tools never act there as they may on the sandbox."""
    try:
        reply = httpx.get(f"{konnect_base_url.rstrip('/')}/_sandbox/identity", timeout=5)
        return reply.status_code == 200 and reply.json().get("kind") == "konnect"
    except (httpx.HTTPError, ValueError, AttributeError):
        return False


def sandbox_mailbox(konnect_base_url: str, attempts: int = 20) -> Mailbox:
    """The sandbox sends no email: it lists what it would have sent at `/_sandbox/emails`."""

    def token_for(email: str) -> str:
        for _ in range(attempts):
            sent = httpx.get(f"{konnect_base_url.rstrip('/')}/_sandbox/emails", timeout=10).json()["emails"]
            tokens = [m["token"] for m in sent if m["to"] == email and m["kind"] == "verify-email"]
            if tokens:
                return str(tokens[-1])
            time.sleep(0.25)
        # A plain error: the trial's step wrapper reports it as the step it stopped ("signed up").
        raise LookupError(f"no verification email to {email} listed by the sandbox")

    return token_for


def prompt_mailbox(ask: Callable[[str], str] = input) -> Mailbox:
    """Real Konnect emails the token: the person running the trial pastes it (the `token=` part of the link)."""
    return lambda email: ask(f"token from the verification email sent to {email}: ").strip()


def choose_mailbox(
    konnect_base_url: str, email: str | None, interactive: bool | None = None, sandbox: bool | None = None
) -> Mailbox | None:
    """The inbox by the rule above; None when there is none (then NO_INBOX says why). `sandbox`: what a caller
    already learnt from is_sandbox, so that Konnect is not asked twice."""
    if is_sandbox(konnect_base_url) if sandbox is None else sandbox:
        return sandbox_mailbox(konnect_base_url)
    terminal = sys.stdin.isatty() if interactive is None else interactive
    return prompt_mailbox() if email and terminal else None
