"""Training periods completed, told to standards by the app that records courses.

The training app registers, in its AppConfig.ready():

    from dtbd.standards.hours import register_provider
    register_provider(completed_periods)   # fn(person_ids, start, end) -> {person_id: periods}

where periods (tiết, 45 minutes) count the completed enrolments whose `completed_on` lies in
[start, end]. Standards compares them with the dated annual rule (HoursRule). While no
provider is registered, `from_training` reads the training app's completed enrolments and
the length of their programme (Programme.periods): one query grouped by person.
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


def completed_periods(person_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, float]:
    ids = list(person_ids)
    total: dict[int, float] = {}
    for provider in _PROVIDERS or [from_training]:
        for person_id, periods in provider(ids, start, end).items():
            total[person_id] = total.get(person_id, 0) + periods
    return total


def from_training(person_ids: list[int], start: dt.date, end: dt.date) -> dict[int, float]:
    """Periods of the programmes of each person's completed enrolments in [start, end]."""
    from django.db.models import Sum

    from dtbd.core.codes import EnrolmentStatus
    from dtbd.training.models import Enrolment

    qs = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_on__gte=start, completed_on__lte=end
    )
    wanted = set(person_ids)
    if len(wanted) <= 1000:  # beyond that, one pass over the year's completions is cheaper
        qs = qs.filter(person_id__in=wanted)
    rows = qs.values("person_id").annotate(periods=Sum("course__programme__periods"))
    return {r["person_id"]: float(r["periods"] or 0) for r in rows if r["person_id"] in wanted}
