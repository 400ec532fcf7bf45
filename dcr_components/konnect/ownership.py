"""Which Konnect objects belong to which resource of which deployment, and creating each at most once: the
provider process's half (the program's half, which computes each resource's tag, is `deployment.py`).

Konnect has no idempotency keys and accepts duplicate names, so a create whose response was lost, or a run
killed right after Konnect committed a POST, would leave an object that no state knows about. Every object we
create therefore carries one hidden label, `pulumi-owner: <tag>.<claim>`:

- the **tag** is a hash of the deployment id, the resource's URN and its immutable kind. The deployment id is
  a random value kept in the stack's own state (the `KonnectDeployment` resource, registered once per
  program), so two deployments with separate state never compute the same tag, even with equal project, stack
  and resource names. It stays the same across reruns and across recovery from a killed run, because the
  state keeps it. The kind is in it so that a replacement of a different kind never finds its predecessor.
- the **claim** is random per create, reclaim or adoption and is also kept in the resource's state. When a
  replacement (same tag) reclaims its predecessor's object, the object's claim changes, and the delete of the
  predecessor then sees that the object is no longer its own and leaves it alone.

Before a POST the provider looks for objects carrying its tag (what a killed run left), and again after an
ambiguous failure. A found object is *reclaimed*; an object named by `adopt_id` is *adopted*. Both then go
through the same convergence step in the provider: read, PATCH every difference, write-only secrets sent.

**One lookup per collection per run.** The look before a POST reads the whole collection once per provider
process (one process serves a whole `pulumi up`) and indexes it by tag; later creates in the same collection
consult that index, so a create costs one POST. This is as safe as a GET before each POST: an object carrying one
of this run's tags was made either by an earlier run of the same state (it existed before the index was read, so
the index has it) or by this run (which records each create, reclaim and delete in the index); another
deployment never computes these tags, and a concurrent run of the same stack is refused by the state's lock.
After an ambiguous failure (a lost response, a 5xx from a gateway) the collection is read again, and a reclaim
whose object has gone meanwhile also reads it again, so a stale index never decides.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from . import collection_index
from .client import KonnectClient
from .deployment import TAG_LENGTH
from .deployment import _DeploymentProvider as _DeploymentProvider
from .errors import KonnectConnectionError, NotFoundError, ServerError
from .validation import OWNER_LABEL

# Stack states written before deployment.py existed name the deployment's dynamic provider by this module's path
# (`__provider` unpickles `dcr_components.konnect.ownership._DeploymentProvider`): refresh, destroy and the delete
# of a removed resource load it from here. Keep this import as long as such states may exist.

__all__ = [
    "Claimed",
    "Obtained",
    "create_once",
    "label_value",
    "lookup",
    "new_claim",
    "parse_label",
    "still_ours",
    "tag_of",
]

CLAIM_LENGTH = 12
# A 502/503/504 on a POST may come from a gateway after the backend committed: look before re-sending.
AMBIGUOUS_STATUSES = frozenset({502, 503, 504})
MAX_CREATE_ROUNDS = 4


def new_claim() -> str:
    return secrets.token_hex(CLAIM_LENGTH // 2)


def label_value(tag: str, claim: str) -> str:
    return f"{tag}.{claim}"


def parse_label(labels: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """(tag, claim) of an object's ownership label; None when it has none (or an older, unclaimed one)."""
    value = (labels or {}).get(OWNER_LABEL)
    if not isinstance(value, str):
        return None
    tag, _, claim = value.partition(".")
    return (tag, claim) if len(tag) == TAG_LENGTH and len(claim) == CLAIM_LENGTH else None


def lookup(client: KonnectClient, collection: str, tag: str, fresh: bool = False) -> list[dict[str, Any]]:
    """Every object of the collection that carries this resource's tag, oldest first.

    The whole collection is read, not a name filter: the declaration may have renamed the object since the run
    that created it was killed. It is read once per run (and again when `fresh`); concurrent creates wait for
    that one read instead of making their own.
    """
    found = collection_index.tagged(client, collection, tag, tag_of, fresh)
    return sorted(found, key=lambda item: str(item.get("created_at")))


def tag_of(item: Mapping[str, Any]) -> str | None:
    """The tag of an object's ownership label; None when it has none."""
    label = parse_label(item.get("labels"))
    return label[0] if label else None


Obtained = Literal["created", "reclaimed", "adopted"]
"""How a resource came to hold its object: recorded in its state as `ownership.obtained`."""


@dataclass(frozen=True)
class Claimed:
    """The outcome of a create, stated explicitly: what object, under which claim, and how it was obtained."""

    body: dict[str, Any]
    claim: str
    how: Obtained  # create_once gives "created" or "reclaimed"; an adoption does not pass through it


Converge = Callable[[dict[str, Any], str], dict[str, Any]]


def create_once(
    client: KonnectClient,
    collection: str,
    body: dict[str, Any],
    tag: str,
    converge: Converge,
    discard: Callable[[dict[str, Any]], None],
) -> Claimed:
    """POST at most once per object: reclaim what an interrupted run left, and look again after an ambiguous failure.

    `converge(found, claim)` turns a found object into the declaration (one PATCH) and returns the new body;
    `discard(extra)` removes further copies carrying the same tag, so that exactly one object remains.
    """
    claim = new_claim()
    labelled = {**body, "labels": {**(body.get("labels") or {}), OWNER_LABEL: label_value(tag, claim)}}
    fresh = False
    for round_ in range(MAX_CREATE_ROUNDS):
        found = lookup(client, collection, tag, fresh=fresh)
        if found:
            keep, *extra = found
            for item in extra:
                discard(item)
                collection_index.forget(client, collection, str(item.get("id")))
            if (parse_label(keep.get("labels")) or ("", ""))[1] == claim:
                collection_index.record(client, collection, tag, keep)
                return Claimed(keep, claim, "created")  # our own POST of this call, whose answer was lost
            try:
                converged = converge(keep, claim)
            except NotFoundError:
                if fresh:
                    raise
                fresh = True  # the index was older than the object's deletion: read the collection again
                continue
            collection_index.record(client, collection, tag, converged)
            return Claimed(converged, claim, "reclaimed")
        try:
            created = client.request("POST", collection, json=labelled) or {}
        except ServerError as exc:
            if exc.status not in AMBIGUOUS_STATUSES or round_ == MAX_CREATE_ROUNDS - 1:
                raise
            fresh = True
            continue
        except KonnectConnectionError:
            if round_ == MAX_CREATE_ROUNDS - 1:
                raise
            fresh = True
            continue
        collection_index.record(client, collection, tag, created)
        return Claimed(created, claim, "created")
    raise AssertionError("unreachable")


def still_ours(current: Mapping[str, Any], tag: str | None, claim: str | None) -> bool:
    """Whether a delete may remove this object: not when a resource with the same tag has claimed it since."""
    label = parse_label(current.get("labels"))
    if label is None or tag is None or claim is None:
        return True  # no claim to compare: state says it is ours
    return not (label[0] == tag and label[1] != claim)
