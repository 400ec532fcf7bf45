"""The per-run index behind the ownership lookup: each Konnect collection read once, then kept current by the run.

One provider process serves a whole `pulumi up`, so what lives here lives for one run. See ownership.py for why this
is as safe as a lookup before every POST.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from .client import KonnectClient

__all__ = ["CollectionIndex", "forget", "indexed", "record", "tagged"]

TagOf = Callable[[Mapping[str, Any]], "str | None"]


class CollectionIndex:
    """One collection's objects that carry an ownership tag, by tag: read once, then kept current by this run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_tag: dict[str, list[dict[str, Any]]] | None = None

    def load(self, items: list[dict[str, Any]], tag_of: TagOf) -> None:
        self.by_tag = {}
        for item in items:
            tag = tag_of(item)
            if tag:
                self.by_tag.setdefault(tag, []).append(item)


# Per client (one per provider type and settings in the provider process) and collection.
_INDEXES: weakref.WeakKeyDictionary[KonnectClient, dict[str, CollectionIndex]] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def _index(client: KonnectClient, collection: str) -> CollectionIndex:
    with _INDEXES_LOCK:
        return _INDEXES.setdefault(client, {}).setdefault(collection, CollectionIndex())


def tagged(client: KonnectClient, collection: str, tag: str, tag_of: TagOf, fresh: bool) -> list[dict[str, Any]]:
    """The collection's objects carrying `tag`; the collection is listed on first use in this run, or when `fresh`."""
    index = _index(client, collection)
    with index.lock:
        if fresh or index.by_tag is None:
            index.load(client.list_all(collection), tag_of)
        return list((index.by_tag or {}).get(tag, []))


def record(client: KonnectClient, collection: str, tag: str, body: dict[str, Any]) -> None:
    """This run now holds exactly `body` under `tag` (a create, or a reclaim that discarded the extras)."""
    index = _index(client, collection)
    with index.lock:
        if index.by_tag is not None:
            index.by_tag[tag] = [body]


def forget(client: KonnectClient, collection: str, object_id: str) -> None:
    """An object this run deleted: no later create in this run may reclaim it."""
    index = _index(client, collection)
    with index.lock:
        for items in (index.by_tag or {}).values():
            items[:] = [item for item in items if item.get("id") != object_id]


def indexed(client: KonnectClient, collection: str, object_id: str) -> dict[str, Any] | None:
    """The tagged object as this run last saw it, if this run has listed the collection; None means ask Konnect
    (not listed in this run, or not among its tagged objects). Never lists the collection itself."""
    index = _index(client, collection)
    with index.lock:
        for items in (index.by_tag or {}).values():
            for item in items:
                if item.get("id") == object_id:
                    return item
    return None
