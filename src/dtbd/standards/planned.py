"""Posts people are planned for (quy hoạch), told to standards by the app that keeps them.

The careers app registers a provider in its AppConfig.ready():

    from dtbd.standards.planned import PostSpec, register_provider
    register_provider(planned_posts)   # fn(person_ids, on) -> {person_id: [PostSpec, ...]}

Standards then lists, beside the gaps of a person's current post, the requirements of each
post they are planned for. With no provider registered, nobody is planned for anything.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PostSpec:
    """A post as standards match it: any of rank, job position, leadership at a unit level."""

    label: str  # what people read: "Phó Giám đốc Sở Nội vụ (quy hoạch 2026–2031)"
    rank_code: str = ""
    position_code: str = ""
    leadership: str = "none"
    unit_level: str = ""


Provider = Callable[[list[int], dt.date], dict[int, list[PostSpec]]]
_PROVIDERS: list[Provider] = []


def register_provider(fn: Provider) -> None:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def unregister_provider(fn: Provider) -> None:
    if fn in _PROVIDERS:
        _PROVIDERS.remove(fn)


def planned_posts(person_ids: Iterable[int], on: dt.date) -> dict[int, list[PostSpec]]:
    ids = list(person_ids)
    found: dict[int, list[PostSpec]] = {}
    for provider in _PROVIDERS:
        for person_id, specs in provider(ids, on).items():
            found.setdefault(person_id, []).extend(specs)
    return found
