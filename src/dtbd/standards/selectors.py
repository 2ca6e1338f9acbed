"""Reads of standards and the survey, limited by the policy.

Standards are rules, not personal data: anyone signed in may read them. Editing them is for
the province's roles: an administrator or manager granted on a root of the tree (or the
command line). Gaps and needs are about people and units, so they are limited to the
caller's units like the registry.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from dtbd.accounts.policy import READ, WRITE, policy_for
from dtbd.core.codes import ProgramCategory
from dtbd.core.dates import today
from dtbd.core.errors import NotFound
from dtbd.organisation.models import Unit, UnitAncestry, UnitVersion

from . import gaps, rules
from .models import Campaign, Framework, Interest, Need, Standard


def may_edit_standards(actor: Any) -> bool:
    """Province roles: write rights over a unit at the top of the tree today."""
    scope = policy_for(actor)
    if scope.everything:
        return True
    on = today()
    roots = UnitVersion.objects.filter(
        parent__isnull=True, valid_from__lte=on, valid_to__gte=on
    ).values_list("unit_id", flat=True)
    return any(scope.covers(WRITE, unit_id, on) for unit_id in roots)


def standards_list() -> list[Standard]:
    return list(Standard.objects.prefetch_related("versions__requirements"))


def standard_get(pk: int) -> Standard:
    standard = Standard.objects.filter(pk=pk).first()
    if standard is None:
        raise NotFound(f"standard {pk} not found")
    return standard


def frameworks_list() -> list[Framework]:
    return list(
        Framework.objects.prefetch_related(
            "versions__levels", "versions__competencies__position_levels"
        )
    )


def unit_visible(*, actor: Any, code: str, on: dt.date | None = None) -> Unit:
    """The unit by code if the actor may read it (on `on`); NotFound otherwise."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not policy_for(actor).can(READ, unit, on=on):
        raise NotFound(f"unit '{code}' not found", field="unit")
    return unit


def default_unit(*, actor: Any, on: dt.date) -> Unit | None:
    """The top of what the actor may see: a root for the province, their own unit otherwise."""
    from dtbd.organisation.selectors import unit_children

    tops = unit_children(actor=actor, parent=None, on=on)
    return tops[0].unit if tops else None


# --- the needs survey ------------------------------------------------------------------------


def campaigns_visible(*, actor: Any) -> list[Campaign]:
    """Surveys opened over a unit the actor may read, or over one of their units' ancestors
    (a commune officer answers the province's survey)."""
    scope = policy_for(actor)
    qs = Campaign.objects.select_related("unit")
    if scope.everything:
        return list(qs)
    mine = scope.unit_ids(None)
    if mine is None:
        return list(qs)
    above = UnitAncestry.objects.filter(descendant_id__in=mine).values("ancestor_id")
    own = scope.own_person_ids()
    if own:
        from dtbd.people.models import Post

        units = Post.objects.filter(person_id__in=own).values("unit_id")
        above = above.union(
            UnitAncestry.objects.filter(descendant_id__in=units).values("ancestor_id")
        )
        return list(qs.filter(unit_id__in=list(above.values_list("ancestor_id", flat=True))))
    return list(qs.filter(unit_id__in=above))


def campaign_get(*, actor: Any, pk: int) -> Campaign:
    found = next((c for c in campaigns_visible(actor=actor) if c.pk == pk), None)
    if found is None:
        raise NotFound(f"needs survey {pk} not found")
    return found


def needs_visible(*, actor: Any, campaign: Campaign, unit: Unit | None = None):
    qs = Need.objects.filter(campaign=campaign).select_related("unit").prefetch_related("people")
    qs = policy_for(actor).limit(qs, unit="unit_id", on=None)
    if unit is not None:
        qs = qs.filter(unit_id__in=_subtree(unit.pk, campaign))
    return qs.order_by("priority", "unit__code", "program_category")


def _subtree(unit_id: int, campaign: Campaign):
    return UnitAncestry.objects.filter(
        ancestor_id=unit_id, valid_from__lte=campaign.closes_on, valid_to__gte=campaign.opens_on
    ).values("descendant_id")


@dataclass
class NeedLine:
    category: str
    registered: int  # people the units asked for
    interests: int  # individuals who asked
    gap: int | None  # people whose post requires what this category confers (None: not measured)

    @property
    def verdict(self) -> str:
        """Where the survey and the standards disagree."""
        if self.gap is None:
            return "not_measured"
        if self.gap > self.registered:
            return "under_registered"
        if self.registered > self.gap:
            return "over_registered"
        return "agrees"

    @property
    def difference(self) -> int | None:
        return None if self.gap is None else self.registered - self.gap


MEASURED = set(rules.CLOSED_BY.values()) | set(rules.DIMENSION_CATEGORY.values())


def consolidation(*, actor: Any, campaign: Campaign, unit: Unit, on: dt.date) -> list[NeedLine]:
    """The needs registered in the unit's subtree, per programme category, beside the people
    there whose standards call for that category on `on`."""
    scope = policy_for(actor)
    needs = needs_visible(actor=actor, campaign=campaign, unit=unit)
    registered = dict(
        needs.order_by().values_list("program_category").annotate(n=Sum("people_count"))
    )
    interests_qs = Interest.objects.filter(campaign=campaign)
    from dtbd.people.models import Post

    posts = scope.limit(
        Post.objects.filter(valid_from__lte=on, valid_to__gte=on, unit_id__in=_subtree(unit.pk,
                            campaign)), unit="unit_id", owner="person_id", on=on,
    ).values("person_id")  # fmt: skip
    interests = dict(
        interests_qs.filter(person_id__in=posts)
        .order_by()
        .values_list("program_category")
        .annotate(n=Count("id"))
    )
    summary = gaps.summary(scope=scope, on=on, unit_id=unit.pk)
    lines = []
    for category in ProgramCategory.values:
        gap = summary.by_category.get(category, 0) if category in MEASURED else None
        reg, wish = registered.get(category, 0), interests.get(category, 0)
        if reg or wish or gap:
            lines.append(NeedLine(category, reg, wish, gap))
    return lines


@dataclass(frozen=True)
class Named:
    pk: int
    code: str
    full_name: str


CHUNK = 5000  # ids per query: SQLite refuses more than 32,766 variables in one statement


def people_in_name_order(ids: Any) -> list[Named]:
    """The people of `ids` (any number: a province's 100,000) in Vietnamese name order."""
    from dtbd.people.models import Person

    ids, rows = list(ids), []
    for start in range(0, len(ids), CHUNK):
        rows += Person.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
            "pk", "code", "full_name", "sort_key"
        )  # fmt: skip
    rows.sort(key=lambda r: (bytes(r[3]), r[1]))
    return [Named(pk, code, name) for pk, code, name, _ in rows]


# --- annual training hours -------------------------------------------------------------------


@dataclass
class HoursChild:
    unit_code: str
    name: str
    people: int
    behind: int


@dataclass
class HoursReport:
    year: int
    on: dt.date
    rule: Any  # HoursRule or None: no rule, nobody is behind
    people: int
    behind: list[dict[str, Any]]  # person_code, full_name, unit_code, done, required, missing
    children: list[HoursChild]


def hours_report(*, actor: Any, year: int, on: dt.date, unit: Unit | None) -> HoursReport:
    """People in post on `on` in the unit's subtree (within the actor's scope) who completed
    fewer periods in `year` than the year's rule asks, in name order, and the same counted per
    unit directly below `unit` (the drill-down)."""
    from dtbd.organisation.selectors import unit_children

    found = gaps.hours_behind(
        scope=policy_for(actor), year=year, on=on, unit_id=unit.pk if unit else None
    )
    rule = found["rule"]
    behind_units = {p: u for p, u, _ in found["behind"]}
    done = {p: d for p, _, d in found["behind"]}
    units = {u for _, u in found["posts"]}
    codes = dict(Unit.objects.filter(pk__in=units).values_list("pk", "code"))
    rows = [
        {"person_code": p.code, "full_name": p.full_name,
         "unit_code": codes[behind_units[p.pk]], "done": done[p.pk],
         "required": rule.periods, "missing": rule.periods - done[p.pk]}
        for p in people_in_name_order(behind_units)
    ]  # fmt: skip
    children = []
    if unit is not None:
        below = unit_children(actor=actor, parent=unit, on=on)
        child_of = dict(
            UnitAncestry.objects.filter(
                ancestor_id__in=[v.unit_id for v in below], descendant_id__in=units,
                valid_from__lte=on, valid_to__gte=on,
            ).values_list("descendant_id", "ancestor_id")
        )  # fmt: skip
        people: dict[int, int] = {}
        late: dict[int, int] = {}
        for person_id, unit_id in found["posts"]:
            child = child_of.get(unit_id)
            if child is not None:
                people[child] = people.get(child, 0) + 1
                late[child] = late.get(child, 0) + (person_id in behind_units)
        children = [
            HoursChild(v.unit.code, v.name, people.get(v.unit_id, 0), late.get(v.unit_id, 0))
            for v in below if people.get(v.unit_id)
        ]  # fmt: skip
    return HoursReport(year, on, rule, found["people"], rows, children)


# --- competency evidence -------------------------------------------------------------------


def evidence_of(*, person: Any):
    """What was observed of the person's proficiency, newest first (callers check the person
    is visible: person_get)."""
    from .models import Evidence

    return (
        Evidence.objects.filter(person=person)
        .select_related("competency__version__framework")
        .order_by("-observed_on", "-recorded_at")
    )


def competency_find(*, framework_code: str, code: str, on: dt.date):
    """The competency `code` of the framework's edition in force on `on`."""
    from dtbd.core.errors import ValidationFailed

    from .models import Competency

    framework = Framework.objects.filter(code=framework_code).first()
    if framework is None:
        raise ValidationFailed(f"unknown competency framework '{framework_code}'",
                               field="framework")  # fmt: skip
    found = Competency.objects.filter(
        version__framework=framework, code=code,
        version__valid_from__lte=on, version__valid_to__gte=on,
    ).select_related("version").first()  # fmt: skip
    if found is None:
        raise ValidationFailed(
            f"framework '{framework_code}' has no competency '{code}' in its edition of "
            f"{on:%d/%m/%Y}",
            field="competency",
        )
    return found


def evidence_sources(*, actor: Any, person: Any) -> list[str]:
    """What the actor may record of this person: their own self-assessment (a `self`
    grant), or a manager's assessment or a course completion (write rights on the person)."""
    scope = policy_for(actor)
    sources = []
    if person.pk in scope.own_person_ids():
        sources.append("self")
    if scope.can(WRITE, person):
        sources += ["manager", "course"]
    return sources
