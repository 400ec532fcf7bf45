"""`python -m dcr_components codify --stack S [--api-identifier URL] [--write]`: bring a DCR setup made by hand (Kong's
console guide) under this project's program without recreating anything.

It reads the stack's provider keys (`auth0:*`, `konnect:*`, or the variables the providers read), discovers the setup
(discovery.py), prints what it found with what the first `up` will change in each object (codify_plan.py, the same
code the providers run) and what it left out and why, and with `--write` writes `konnect-auth0-dcr:dcr` into the
stack's settings file: the values as they exist and the id of every object under `existing` (codified.py). It never
writes a secret: the admin app's secret flows from the imported credentials at `up`, as it does for a new app.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..config import KEY, ConfigError, parse_config, provider_problems
from ..konnect.client import KonnectClient, KonnectSettings
from ..konnect.errors import KonnectError
from .codified import codified
from .codified_portal import extras_part, extras_rows
from .codify_plan import Row, rows
from .discovery import Choices, CodifyError, Found, LeftOut, discover
from .discovery_portal import discover_extras
from .management import Auth0ReadError, ManagementApi, management_api
from .stack import read_config, stack_file
from .stack_file import write_key

__all__ = ["census", "run_codify"]

Item = dict[str, Any]


def census(found: Found, auth0: ManagementApi, konnect: KonnectClient) -> list[LeftOut]:
    """What stays outside the stack, and why: developers' own objects, the rename Action, API specs."""
    left = list(found.left_out)
    dcr_clients = [
        c for c in auth0.offset("/clients", "clients") if "konnect_application_id" in (c.get("client_metadata") or {})
    ]
    if dcr_clients:
        left.append(
            LeftOut(
                "developers' DCR applications in Auth0",
                f"{len(dcr_clients)} client(s)",
                "made by Konnect for developers' apps through the DCR provider: Konnect's, never the stack's",
            )
        )
    bindings = auth0.numbered("/actions/triggers/credentials-exchange/bindings", "bindings")
    for binding in bindings:
        action = auth0.get(f"/actions/actions/{binding['action']['id']}") or {}
        if "konnect_portal_id" in str(action.get("code") or ""):
            left.append(
                LeftOut(
                    "rename Action",
                    str(action.get("id")),
                    f"'{action.get('name')}' stays bound and running as it is: Auth0 never returns an Action's "
                    "secret values, so importing it could not be done without re-deploying it (README: Codify)",
                )
            )
    if found.portal is not None:
        portal_id = found.portal["id"]
        developers = konnect.list_all(f"/v3/portals/{portal_id}/developers")
        apps = konnect.list_all(f"/v3/portals/{portal_id}/applications")
        regs = konnect.list_all(f"/v3/portals/{portal_id}/application-registrations")
        left.append(
            LeftOut(
                "the portal's developers",
                f"{len(developers)} developer(s), {len(apps)} application(s), {len(regs)} registration(s)",
                "developers' own: never managed by the stack; destroy keeps them with the portal",
            )
        )
        if found.published:
            left.append(
                LeftOut("API specs", "", "not read: the stack leaves each API's versions as they are (no specFile)")
            )
    return left


def whole_portal(found: Found, konnect: KonnectClient, dcr: Item) -> tuple[list[Row], list[LeftOut]]:
    """The portal's pages, snippets and teams added to `dcr` as they are; their plan rows; what stays as is."""
    if found.portal is None:
        return [], []
    extras = discover_extras(konnect, str(found.portal["id"]))
    keys = {api_id: key for key, api_id in (dcr["existing"].get("apiIds") or {}).items()}
    part, left = extras_part(extras, keys)
    dcr["portal"].update(part)
    return extras_rows(extras, part, str(found.portal["id"])), left


def table(headers: tuple[str, ...], lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    return "\n".join(out)


def report(plan: list[Row], left: list[LeftOut]) -> str:
    found = table(
        ("found", "vendor", "id", "name", "how", "the first up changes"),
        [(r.role, r.vendor, r.id, r.name, r.how, r.change) for r in plan],
    )
    out = table(("left out", "which", "why"), [(item.what, item.ids, item.why) for item in left])
    return f"{found}\n\n{out}"


def run_codify(args: argparse.Namespace) -> int:
    config = read_config(args.stack, args.project)

    def get(key: str) -> Any:
        return config.get(key)

    domain = get("auth0:domain") or os.environ.get("AUTH0_DOMAIN")
    if not domain:
        print("codify: auth0:domain is not set in the stack (nor AUTH0_DOMAIN): the tenant to codify")
        return 2
    try:
        konnect = KonnectClient(KonnectSettings.resolve(get))
        auth0 = management_api(str(domain), get)
    except (KonnectError, Auth0ReadError) as exc:
        print(f"codify: {exc}")
        return 2
    choices = Choices(dcr_provider=args.dcr_provider, api_identifier=args.api_identifier, portal=args.portal)
    try:
        found = discover(auth0, konnect, str(domain), choices)
        dcr = codified(found)
        extra_rows, extra_left = whole_portal(found, konnect, dcr)
        env = parse_config(dcr, args.namespace)
        problems = provider_problems(dcr["auth0Domain"], lambda k: get(k), args.namespace)
        if problems:
            raise ConfigError(problems, args.namespace)
        plan = rows(found, env) + extra_rows
        left = census(found, auth0, konnect) + extra_left
    except (CodifyError, ConfigError, KonnectError, Auth0ReadError) as exc:
        print(f"codify: {exc}")
        return 1
    finally:
        konnect.close()
    print(f"codify: stack {args.stack}, Auth0 tenant {domain}, Konnect {konnect.base_url}\n")
    print(report(plan, left))
    key = f"{args.namespace}:{KEY}"
    target = stack_file(args.stack, args.project)
    if not args.write:
        print(f"\nNothing was changed. With --write, {key} is written into {target} (the values above, every object")
        print("by id under `existing`); then `pulumi preview` shows the plan above and `pulumi up` carries it out.")
        return 0
    replaced = write_key(target, key, dcr)
    what = "replaced" if replaced else "written"
    print(f"\n{key} {what} in {target}: {count_ids(dcr['existing'])} existing objects by id, no secret.")
    print(f"Next: pulumi preview -s {args.stack} (it shows the plan above before any write), then pulumi up.")
    return 0


def count_ids(existing: Item) -> int:
    return sum(len(v) if isinstance(v, dict) else 1 for v in existing.values())
