"""What an interrupted trial (`make try` killed with SIGKILL, a machine lost mid-run) left in a portal, found and
removed: `python -m dcr_components try --clean-up`.

A trial's developer is told apart from everyone else's by two marks at once: the address it signs up with
(`dcr-try-<hex>@example.com`, or the one given with `--email`) and the name it signs up under (TRIAL_NAME). Only
such developers are touched: their applications are deleted first (Konnect then deletes each DCR client in Auth0;
one that is still there after that is deleted with the admin app's own credentials), then the developer, and on a
portal whose developers sign in with Auth0 the person the trial made in the tenant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from ..konnect.client import KonnectClient
from .management import management_api
from .stack import StackView
from .tenant import client_credentials

__all__ = ["TRIAL_EMAIL", "TRIAL_NAME", "admin_token", "clean_up_leftovers", "is_trial_developer"]

TRIAL_NAME = "DCR trial (konnect-auth0-dcr try)"
TRIAL_EMAIL = re.compile(r"^dcr-try-[0-9a-f]{8}@example\.com$")


def is_trial_developer(developer: dict[str, Any], email: str | None = None) -> bool:
    address = str(developer.get("email") or "")
    return developer.get("full_name") == TRIAL_NAME and (bool(TRIAL_EMAIL.match(address)) or address == email)


def admin_token(stack: StackView, auth0: httpx.Client) -> str:
    """A Management API token of the admin app's own (it may read and delete clients: that is its job)."""
    outputs = stack.outputs
    reply = client_credentials(
        auth0, stack.env.management_audience, outputs["admin_client_id"], outputs["admin_client_secret"]
    )
    reply.raise_for_status()
    return str(reply.json()["access_token"])


def clean_up_leftovers(
    stack: StackView,
    konnect: KonnectClient,
    auth0: httpx.Client,
    say: Callable[[str], None],
    email: str | None = None,
) -> int:
    """Remove every trial developer of the stack's portal with what it owns; returns how many objects went."""
    portal = str(stack.outputs["portal_id"])
    base = f"/v3/portals/{portal}"
    trial = [d for d in konnect.list_all(f"{base}/developers") if is_trial_developer(d, email)]
    if not trial:
        say(f"no trial leftovers in portal {portal}")
        return 0
    token = admin_token(stack, auth0)
    headers = {"Authorization": f"Bearer {token}"}
    apps = konnect.list_all(f"{base}/applications")
    removed = 0
    for developer in trial:
        for app in [a for a in apps if (a.get("owner") or {}).get("id") == developer["id"]]:
            konnect.request("DELETE", f"{base}/applications/{app['id']}")
            removed += 1
            say(f"application {app['name']} ({app['id']}) deleted")
            client_id = app.get("client_id")
            if client_id:
                path = f"/api/v2/clients/{quote(str(client_id), safe='')}"
                if auth0.get(path, headers=headers).status_code == 200:
                    auth0.delete(path, headers=headers).raise_for_status()
                    removed += 1
                    say(f"Auth0 client {client_id} deleted (Konnect had left it)")
        konnect.request("DELETE", f"{base}/developers/{developer['id']}")
        removed += 1
        say(f"developer {developer['email']} deleted")
        if stack.env.portal is not None and stack.env.portal.sign_in is not None:
            removed += remove_person(stack, str(developer["email"]), say)
    return removed


def remove_person(stack: StackView, email: str, say: Callable[[str], None]) -> int:
    """The trial's Auth0 person on a portal with `signIn` (trial_sso.py), by its address and the trial's name, with
    the stack's own Auth0 credentials (the admin app may not manage users)."""
    people = management_api(stack.env.auth0_domain, stack.config.get)
    try:
        found = people.get("/users-by-email", {"email": email}) or []
        mine = [p for p in found if p.get("name") == TRIAL_NAME]
        for person in mine:
            people.call("DELETE", f"/users/{quote(str(person['user_id']), safe='')}")
            say(f"Auth0 user {email} deleted")
        return len(mine)
    finally:
        people.http.close()
