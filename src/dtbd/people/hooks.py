"""Who must hear, in the same transaction, that people's standings were rewritten.

Other apps copy a piece of a standing into their own rows (training stamps each completion
with where the learner stood that day, ADR 0011). They register here in their AppConfig.ready,
so that people, which they depend on, imports nothing of them. A listener is given the ids of
the people whose standings were recomputed, or None after a rebuild of everyone; its check
gives the people (of those asked, or all) whose copies are wrong.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Listener:
    refreshed: Callable[[list[int] | None], object]
    differences: Callable[[list[int] | None], list[int]]


_listeners: list[Listener] = []


def on_standings_refreshed(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def standings_refreshed(person_ids: Iterable[int] | None) -> None:
    ids = None if person_ids is None else sorted(set(person_ids))
    if ids is None or ids:
        for listener in _listeners:
            listener.refreshed(ids)


def differences(person_ids: Iterable[int] | None = None) -> list[int]:
    ids = None if person_ids is None else sorted(set(person_ids))
    wrong: set[int] = set()
    for listener in _listeners:
        wrong.update(listener.differences(ids))
    return sorted(wrong)
