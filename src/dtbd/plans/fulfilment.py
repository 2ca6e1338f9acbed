"""Plan fulfilment, live, exactly as the contract defines `actual`.

`actual` of a target counts the completed enrolments of the target's programme category whose
`completed_on` falls in the plan's period, of people whose unit ON THAT DATE lies in the plan
unit's subtree (the dated closure organisation.UnitAncestry, the dated posts people.Post):
person-times for `person_times`, distinct people for `people`. A target that names a level
counts only people whose unit had that level on that date.

The figures are set-based queries grouped by category (see `_counts`): two per plan whatever
its number of targets (two more for each level a target names); no loop over people. The
pages list the same rows through the ORM (`completions`, `nominations`: correlated EXISTS on
the post held on the date and the closure row valid that date); the tests hold the two equal.

`nominated` (shown on the page, not in the contract's report) counts the enrolments not
withdrawn of classes of the category that start in the period, of people in the subtree on
the class's start date.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, Sum

from dtbd.core.codes import EnrolmentStatus, Measure
from dtbd.core.numbers import percent
from dtbd.organisation.models import UnitAncestry, UnitVersion
from dtbd.people.models import Post

from .models import Plan, PlanTarget, PlanVersion


def over_plan(value: float | None) -> float | None:
    if value is None:
        return None
    return float((Decimal(str(value)) - 100).quantize(Decimal("0.01"), ROUND_HALF_UP))


def training_ready() -> bool:
    """Whether the training app's classes and enrolments exist (they are another app's)."""
    try:
        apps.get_model("training", "Enrolment")
    except LookupError:
        return False
    return True


def _in_subtree_on(unit_id: int, date_field: str, level: str = "") -> Exists:
    """EXISTS: the enrolment's person held a post, on the row's `date_field`, in a unit of
    the subtree of `unit_id` as the tree stood that date (and of `level`, if given)."""
    when = OuterRef(OuterRef(date_field))
    closure = UnitAncestry.objects.filter(
        ancestor_id=unit_id, descendant_id=OuterRef("unit_id"), valid_from__lte=when
    ).filter(valid_to__gte=when)
    posts = Post.objects.filter(
        person_id=OuterRef("person_id"),
        valid_from__lte=OuterRef(date_field),
        valid_to__gte=OuterRef(date_field),
    ).filter(Exists(closure))
    if level:
        posts = posts.filter(
            Exists(
                UnitVersion.objects.filter(
                    unit_id=OuterRef("unit_id"), level=level, valid_from__lte=when
                ).filter(valid_to__gte=when)
            )
        )
    return Exists(posts)


def completions(
    *, unit_id: int, start: dt.date, end: dt.date, category: str | list[str], level: str = ""
) -> QuerySet:
    """The completed enrolments counted in `actual` (see the module's docstring)."""
    Enrolment = apps.get_model("training", "Enrolment")
    categories = [category] if isinstance(category, str) else category
    return Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        completed_on__gte=start,
        completed_on__lte=end,
        course__program_category__in=categories,
    ).filter(_in_subtree_on(unit_id, "completed_on", level))


def nominations(
    *, unit_id: int, start: dt.date, end: dt.date, category: str | list[str], level: str = ""
) -> QuerySet:
    Enrolment = apps.get_model("training", "Enrolment")
    categories = [category] if isinstance(category, str) else category
    return (
        Enrolment.objects.exclude(status=EnrolmentStatus.WITHDRAWN)
        .filter(
            course__program_category__in=categories,
            course__start_date__gte=start,
            course__start_date__lte=end,
        )
        .annotate(course_start=F("course__start_date"))
        .filter(_in_subtree_on(unit_id, "course_start", level))
    )


def _table(app: str, model: str) -> str:
    return connection.ops.quote_name(apps.get_model(app, model)._meta.db_table)


def _counts(
    *, figure: str, unit_id: int, start: dt.date, end: dt.date, categories: list[str], level: str
) -> dict[str, tuple[int, int]]:
    """{category: (person-times, distinct people)} for `completed` or `nominated`, in one
    grouped query: the same rows as `completions`/`nominations` (which the pages list), as a
    join the planner can hash — about four times faster than the correlated EXISTS on
    PostgreSQL (bench/plans_fulfilment.py). Posts never overlap and closure periods
    partition time, but the counts are DISTINCT so that an overlap could not count twice."""
    day = "e.completed_on" if figure == "completed" else "c.start_date"
    status = "e.status = %s" if figure == "completed" else "e.status <> %s"
    status_value = EnrolmentStatus.COMPLETED if figure == "completed" else EnrolmentStatus.WITHDRAWN
    level_join = ""
    params: list[Any] = [unit_id]
    if level:
        level_join = (
            f"JOIN {_table('organisation', 'UnitVersion')} v ON v.unit_id = p.unit_id "
            f"AND v.level = %s AND v.valid_from <= {day} AND v.valid_to >= {day}"
        )
        params.append(level)
    params += [status_value, start, end, *categories]
    sql = f"""
        SELECT c.program_category, COUNT(DISTINCT e.id), COUNT(DISTINCT e.person_id)
        FROM {_table("training", "Enrolment")} e
        JOIN {_table("training", "Course")} c ON c.id = e.course_id
        JOIN {_table("people", "Post")} p ON p.person_id = e.person_id
         AND p.valid_from <= {day} AND p.valid_to >= {day}
        JOIN {_table("organisation", "UnitAncestry")} a ON a.descendant_id = p.unit_id
         AND a.ancestor_id = %s AND a.valid_from <= {day} AND a.valid_to >= {day}
        {level_join}
        WHERE {status} AND {day} >= %s AND {day} <= %s
          AND c.program_category IN ({", ".join(["%s"] * len(categories))})
        GROUP BY c.program_category
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {category: (times, people) for category, times, people in cursor.fetchall()}


@dataclass(frozen=True)
class TargetFulfilment:
    target: PlanTarget
    nominated: int
    actual: int

    @property
    def percent(self) -> float | None:
        return percent(self.actual, self.target.target)

    @property
    def over_plan_percent(self) -> float | None:
        return over_plan(self.percent)

    @property
    def shortfall(self) -> int:
        return max(self.target.target - self.actual, 0)


def target_completions(plan: Plan, version: PlanVersion, target: PlanTarget) -> QuerySet:
    return completions(
        unit_id=plan.unit_id,
        start=version.period_start,
        end=version.period_end,
        category=target.program_category,
        level=target.level,
    )


def target_nominations(plan: Plan, version: PlanVersion, target: PlanTarget) -> QuerySet:
    return nominations(
        unit_id=plan.unit_id,
        start=version.period_start,
        end=version.period_end,
        category=target.program_category,
        level=target.level,
    )


def version_fulfilment(plan: Plan, version: PlanVersion) -> list[TargetFulfilment]:
    """Target, nominated and actual for every target of `version`: two grouped queries per
    level the targets name (usually one level, "every level"), whatever their number."""
    targets = list(version.targets.order_by("program_category", "level", "measure"))
    if not training_ready():
        return [TargetFulfilment(t, 0, 0) for t in targets]
    done: dict[str, tuple[dict, dict]] = {}
    for level in sorted({t.level for t in targets}):
        args = {
            "unit_id": plan.unit_id,
            "start": version.period_start,
            "end": version.period_end,
            "categories": sorted({t.program_category for t in targets if t.level == level}),
            "level": level,
        }
        done[level] = (_counts(figure="nominated", **args), _counts(figure="completed", **args))
    out = []
    for target in targets:
        nominated, completed = done[target.level]
        which = 1 if target.measure == Measure.PEOPLE else 0
        out.append(
            TargetFulfilment(
                target=target,
                nominated=nominated.get(target.program_category, (0, 0))[which],
                actual=completed.get(target.program_category, (0, 0))[which],
            )
        )
    return out


# --- budget: planned vs spent ---------------------------------------------------------------


def planned_budget(version: PlanVersion) -> int | None:
    """The plan's money: its budget lines, or (none given) the sum of its targets' budgets."""
    lines = version.budgets.aggregate(total=Sum("amount_vnd"))["total"]
    if lines is not None:
        return int(lines)
    targets = version.targets.aggregate(total=Sum("budget_vnd"))["total"]
    return int(targets) if targets is not None else None


def plan_courses(plan: Plan, version: PlanVersion) -> QuerySet:
    """The classes a plan pays for (ADR 0008): organised by a unit of the plan unit's subtree
    (on the class's start date), starting within the plan's period, of a category the plan
    targets."""
    Course = apps.get_model("training", "Course")
    categories = list(version.targets.values_list("program_category", flat=True))
    when = OuterRef("start_date")
    closure = UnitAncestry.objects.filter(
        ancestor_id=plan.unit_id,
        descendant_id=OuterRef("organizer_unit_id"),
        valid_from__lte=when,
        valid_to__gte=when,
    )
    return Course.objects.filter(
        program_category__in=categories,
        start_date__gte=version.period_start,
        start_date__lte=version.period_end,
    ).filter(Exists(closure))


def course_costs(course_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """{course id: (planned, actual)} from the training app's selector.

    Until that selector exists, the same sums are read from the classes' budget lines
    (training.BudgetLine planned_vnd / actual_vnd; actual None when no line has one)."""
    try:
        from dtbd.training.selectors import course_costs as training_costs
    except ImportError:
        BudgetLine = apps.get_model("training", "BudgetLine")
        rows = (
            BudgetLine.objects.filter(course_id__in=course_ids)
            .values("course_id")
            .annotate(planned=Sum("planned_vnd"), actual=Sum("actual_vnd"))
        )
        costs: dict[int, tuple[int | None, int | None]] = dict.fromkeys(course_ids, (None, None))
        costs.update({r["course_id"]: (r["planned"], r["actual"]) for r in rows})
        return costs
    return training_costs(course_ids)


@dataclass(frozen=True)
class BudgetFulfilment:
    planned: int | None  # the plan's budget
    classes: int  # classes that belong to the plan
    classes_planned: int  # what those classes planned to cost
    spent: int  # what they actually cost (classes without actual costs count 0)
    classes_without_actual: int

    @property
    def percent(self) -> float | None:
        return percent(self.spent, self.planned or 0)


def budget_fulfilment(plan: Plan, version: PlanVersion) -> BudgetFulfilment:
    planned = planned_budget(version)
    if not training_ready():
        return BudgetFulfilment(planned, 0, 0, 0, 0)
    ids = list(plan_courses(plan, version).values_list("pk", flat=True))
    costs = course_costs(ids) if ids else {}
    return BudgetFulfilment(
        planned=planned,
        classes=len(ids),
        classes_planned=sum((p or 0) for p, _ in costs.values()),
        spent=sum((a or 0) for _, a in costs.values()),
        classes_without_actual=sum(1 for _, a in costs.values() if a is None),
    )


def fulfilment_rows(plan: Plan, version: PlanVersion) -> list[dict[str, Any]]:
    """The contract's `plan-fulfilment` rows for one plan."""
    return [
        {
            "plan_code": plan.code,
            "program_category": f.target.program_category,
            "measure": f.target.measure,
            "target": f.target.target,
            "actual": f.actual,
            "percent": f.percent,
            "over_plan_percent": f.over_plan_percent,
        }
        for f in version_fulfilment(plan, version)
    ]
