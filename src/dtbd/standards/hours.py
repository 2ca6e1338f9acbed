"""Training periods completed, told to standards by the app that records courses.

The training app registers, in its AppConfig.ready():

    from dtbd.standards.hours import register_provider
    register_provider(completed_periods)   # fn(person_ids, start, end) -> {person_id: periods}

where periods (tiết, 45 minutes) count the completed enrolments whose `completed_on` lies in
[start, end]. Standards compares them with the dated annual rule (HoursRule). Until a provider
is registered every person has completed 0 periods, which the hours page says plainly.
"""

import datetime as dt
from collections.abc import Callable, Iterable

Provider = Callable[[list[int], dt.date, dt.date], dict[int, float]]
_PROVIDERS: list[Provider] = []


def register_provider(fn: Provider) -> None:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def unregister_provider(fn: Provider) -> None:
    if fn in _PROVIDERS:
        _PROVIDERS.remove(fn)


def has_provider() -> bool:
    return bool(_PROVIDERS)


def completed_periods(person_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, float]:
    ids = list(person_ids)
    total: dict[int, float] = {}
    for provider in _PROVIDERS:
        for person_id, periods in provider(ids, start, end).items():
            total[person_id] = total.get(person_id, 0) + periods
    return total
