"""Who must hear, in the same transaction, that units' levels or kinds changed over time.

People's standings copy the level and kind of their unit (ADR 0010); the people app listens
here (PeopleConfig.ready) so that this app, which people depends on, imports nothing of it.
"""

from collections.abc import Callable, Iterable

_listeners: list[Callable[[list[int]], object]] = []


def on_unit_levels_changed(listener: Callable[[list[int]], object]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def unit_levels_changed(unit_ids: Iterable[int]) -> None:
    ids = sorted(set(unit_ids))
    if ids:
        for listener in _listeners:
            listener(ids)
