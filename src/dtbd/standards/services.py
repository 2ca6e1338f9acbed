"""Writes to standards, frameworks and the needs survey. Each is atomic and audited."""

import datetime as dt
from typing import Any

from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.core.codes import ProgramCategory
from dtbd.core.dates import BEGINNING, END, ONE_DAY
from dtbd.core.errors import Conflict, ValidationFailed

from . import rules
from .models import (
    Campaign,
    Competency,
    Equivalence,
    Evidence,
    EvidenceSource,
    Framework,
    FrameworkVersion,
    HoursRule,
    Interest,
    Need,
    PositionCompetency,
    Priority,
    ProficiencyLevel,
    Requirement,
    Standard,
    StandardVersion,
)


def _day(value: dt.date) -> str:
    return "" if value in (BEGINNING, END) else f"{value:%d/%m/%Y}"


def _span(valid_from: dt.date, valid_to: dt.date) -> str:
    return f"{_day(valid_from) or '…'}–{_day(valid_to) or '…'}"


# --- standards -----------------------------------------------------------------------------


@transaction.atomic
def standard_create(
    *, actor: Any, kind: str, code: str, name: str, unit_level: str = ""
) -> Standard:
    kind, code, unit_level = rules.target(kind, code, unit_level)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("the standard's name is required", field="name")
    if Standard.objects.filter(kind=kind, code=code, unit_level=unit_level).exists():
        raise ValidationFailed(
            f"a standard for {kind} '{code}'{' at ' + unit_level if unit_level else ''} "
            "already exists",
            field="code",
            code="duplicate",
        )
    standard = Standard.objects.create(kind=kind, code=code, unit_level=unit_level, name=name)
    audit_record(
        actor=actor,
        event="standard.created",
        subject_type="standard",
        subject_key=str(standard.pk),
        data={"kind": kind, "code": code, "unit_level": unit_level, "name": name},
    )
    return standard


@transaction.atomic
def standard_version_add(
    *,
    actor: Any,
    standard: Standard,
    valid_from: dt.date,
    document: str,
    requirements: dict[str, str],
    valid_to: dt.date = END,
    note: str = "",
    expected_version: int | None = None,
) -> StandardVersion:
    """The standard's rule from `valid_from` on: a new version, never an edit of the old.

    A version still open on `valid_from` that began earlier is closed the day before (the
    rule changed); any other overlap is refused, naming the version it overlaps.
    """
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if expected_version is not None and expected_version != standard.version:
        raise Conflict(f"standard '{standard.name}' was changed by someone else; reload it")
    rules.period(valid_from, valid_to)
    items = rules.requirements(requirements)
    document = (document or "").strip()
    if not document:
        raise ValidationFailed("the legal document of the rule is required", field="document")
    overlapping = list(standard.versions.filter(valid_from__lte=valid_to, valid_to__gte=valid_from))
    for old in overlapping:
        superseded = old.valid_from < valid_from and old.valid_to == END
        if not superseded:
            raise ValidationFailed(
                f"the period {_span(valid_from, valid_to)} overlaps the version of "
                f"'{standard.name}' valid {_span(old.valid_from, old.valid_to)} "
                f"({old.document})",
                field="valid_from",
                code="overlap",
            )
    for old in overlapping:
        old.valid_to = valid_from - ONE_DAY
        old.save(update_fields=["valid_to"])
    version = StandardVersion.objects.create(
        standard=standard,
        valid_from=valid_from,
        valid_to=valid_to,
        document=document,
        note=note,
    )
    Requirement.objects.bulk_create(
        Requirement(version=version, dimension=d, min_level=lv) for d, lv in items.items()
    )
    standard.version += 1
    standard.save(update_fields=["version"])
    audit_record(
        actor=actor,
        event="standard.version_added",
        subject_type="standard",
        subject_key=str(standard.pk),
        data={
            "valid_from": str(valid_from),
            "valid_to": str(valid_to),
            "document": document,
            "requirements": items,
            "closed": [str(o.valid_from) for o in overlapping],
        },
    )
    return version


@transaction.atomic
def equivalence_add(
    *,
    actor: Any,
    dimension: str,
    level: str,
    satisfies_dimension: str,
    satisfies_level: str,
    document: str,
    valid_from: dt.date = BEGINNING,
    valid_to: dt.date = END,
) -> Equivalence:
    rules.dimension(dimension)
    rules.level(dimension, level, field="level")
    rules.dimension(satisfies_dimension, field="satisfies_dimension")
    rules.level(satisfies_dimension, satisfies_level, field="satisfies_level")
    rules.period(valid_from, valid_to)
    if not (document or "").strip():
        raise ValidationFailed("the legal document is required", field="document")
    new = rules.Edge(dimension, level, satisfies_dimension, satisfies_level)
    edges = [
        rules.Edge(e.dimension, e.level, e.satisfies_dimension, e.satisfies_level)
        for e in Equivalence.objects.filter(valid_from__lte=valid_to, valid_to__gte=valid_from)
    ]
    cycle = rules.find_cycle(edges, new)
    if cycle:
        raise ValidationFailed(
            f"the equivalence makes a cycle: {' → '.join(cycle)}",
            field="satisfies_level",
            code="cycle",
        )
    row = Equivalence.objects.create(
        dimension=dimension,
        level=level,
        satisfies_dimension=satisfies_dimension,
        satisfies_level=satisfies_level,
        valid_from=valid_from,
        valid_to=valid_to,
        document=document.strip(),
    )
    audit_record(
        actor=actor,
        event="standard.equivalence_added",
        subject_type="equivalence",
        subject_key=str(row.pk),
        data={"held": f"{dimension}={level}", "counts_as": f"{satisfies_dimension}="
              f"{satisfies_level}", "document": row.document},
    )  # fmt: skip
    return row


@transaction.atomic
def hours_rule_set(*, actor: Any, periods: int, valid_from: dt.date, document: str) -> HoursRule:
    """Required periods a year from `valid_from` on; the rule before it ends the day before."""
    if periods < 0 or periods > 1000:
        raise ValidationFailed(f"{periods} is not a number of periods a year", field="periods")
    if not (document or "").strip():
        raise ValidationFailed("the legal document is required", field="document")
    if HoursRule.objects.filter(valid_from__gte=valid_from).exists():
        raise ValidationFailed(
            f"a later rule already starts on or after {valid_from:%d/%m/%Y}",
            field="valid_from",
            code="overlap",
        )
    HoursRule.objects.filter(valid_to__gte=valid_from).update(valid_to=valid_from - ONE_DAY)
    rule = HoursRule.objects.create(periods=periods, valid_from=valid_from, document=document)
    audit_record(
        actor=actor,
        event="standard.hours_rule_set",
        subject_type="hours_rule",
        subject_key=str(rule.pk),
        data={"periods": periods, "valid_from": str(valid_from), "document": document},
    )
    return rule


# --- competency frameworks -----------------------------------------------------------------


@transaction.atomic
def framework_create(*, actor: Any, code: str, name: str) -> Framework:
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise ValidationFailed("a framework needs a code and a name", field="code" if not code
                               else "name")  # fmt: skip
    if Framework.objects.filter(code=code).exists():
        raise ValidationFailed(f"framework '{code}' already exists", field="code", code="duplicate")
    framework = Framework.objects.create(code=code, name=name)
    audit_record(actor=actor, event="framework.created", subject_type="framework",
                 subject_key=code, data={"name": name})  # fmt: skip
    return framework


@transaction.atomic
def framework_version_add(
    *,
    actor: Any,
    framework: Framework,
    valid_from: dt.date,
    levels: list[str],
    competencies: list[tuple[str, str]],
    document: str = "",
) -> FrameworkVersion:
    """A new edition: its own scale and competencies. The previous open edition ends the day
    before; its competencies, levels and evidence stay as they were."""
    levels = [lv.strip() for lv in levels if lv.strip()]
    if len(levels) < 2:
        raise ValidationFailed("a proficiency scale needs at least two levels", field="levels")
    codes = [c.strip() for c, _ in competencies]
    if not codes or any(not c for c in codes):
        raise ValidationFailed("every competency needs a code", field="competencies")
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValidationFailed(f"competency code '{duplicates[0]}' is repeated",
                               field="competencies")  # fmt: skip
    previous = framework.versions.order_by("-number").first()
    if previous is not None:
        if previous.valid_from >= valid_from:
            raise ValidationFailed(
                f"edition {previous.number} starts on {previous.valid_from:%d/%m/%Y}; a new "
                "edition must start later",
                field="valid_from",
                code="overlap",
            )
        previous.valid_to = min(previous.valid_to, valid_from - ONE_DAY)
        previous.save(update_fields=["valid_to"])
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(previous.number + 1) if previous else 1,
        valid_from=valid_from,
        document=document,
    )
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(version=version, rank=i, name=name) for i, name in enumerate(levels, 1)
    )
    Competency.objects.bulk_create(
        Competency(version=version, code=c.strip(), name=n.strip()) for c, n in competencies
    )
    audit_record(actor=actor, event="framework.version_added", subject_type="framework",
                 subject_key=framework.code,
                 data={"number": version.number, "valid_from": str(valid_from),
                       "levels": levels, "competencies": codes})  # fmt: skip
    return version


def _check_rank_on_scale(competency: Competency, rank: int, field: str) -> None:
    top = competency.version.levels.count()
    if not 1 <= rank <= top:
        raise ValidationFailed(
            f"level {rank} is not on the scale of {competency.version} (1–{top})", field=field
        )


@transaction.atomic
def position_competency_set(
    *, actor: Any, competency: Competency, position_code: str, required_rank: int
) -> PositionCompetency:
    position_code = (position_code or "").strip()
    if not position_code:
        raise ValidationFailed("the job position code is required", field="position_code")
    _check_rank_on_scale(competency, required_rank, "required_rank")
    row, _ = PositionCompetency.objects.update_or_create(
        competency=competency, position_code=position_code,
        defaults={"required_rank": required_rank},
    )  # fmt: skip
    audit_record(actor=actor, event="framework.position_level_set", subject_type="competency",
                 subject_key=str(competency.pk),
                 data={"position_code": position_code, "required": required_rank})  # fmt: skip
    return row


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    person: Any,
    competency: Competency,
    rank: int,
    source: str,
    observed_on: dt.date,
    note: str = "",
) -> Evidence:
    """Append what someone observed of the person's proficiency (never edited afterwards)."""
    if source not in EvidenceSource.values:
        raise ValidationFailed(f"unknown evidence source '{source}'", field="source")
    _check_rank_on_scale(competency, rank, "rank")
    user = None if actor is None or isinstance(actor, str) else actor
    row = Evidence.objects.create(
        person=person,
        competency=competency,
        rank=rank,
        source=source,
        observed_on=observed_on,
        note=note[:255],
        recorded_by=user,
        recorded_by_label=actor if isinstance(actor, str) else user.get_username(),
    )
    audit_record(actor=actor, event="framework.evidence_added", subject_type="person",
                 subject_key=person.code,
                 data={"competency": competency.code, "rank": rank, "source": source,
                       "observed_on": str(observed_on)})  # fmt: skip
    return row


# --- the needs survey ----------------------------------------------------------------------


@transaction.atomic
def campaign_open(
    *, actor: Any, unit: Any, year: int, title: str, opens_on: dt.date, closes_on: dt.date
) -> Campaign:
    if not 2000 <= year <= 2100:
        raise ValidationFailed(f"{year} is not a plausible year", field="year")
    rules.period(opens_on, closes_on)
    if Campaign.objects.filter(unit=unit, year=year).exists():
        raise ValidationFailed(
            f"a needs survey for {year} is already open for {unit.code}",
            field="year",
            code="duplicate",
        )
    campaign = Campaign.objects.create(
        unit=unit, year=year, title=(title or "").strip() or f"Khảo sát nhu cầu ĐTBD năm {year}",
        opens_on=opens_on, closes_on=closes_on,
    )  # fmt: skip
    audit_record(actor=actor, event="survey.opened", subject_type="survey",
                 subject_key=str(campaign.pk),
                 data={"unit": unit.code, "year": year, "title": campaign.title})  # fmt: skip
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    audit_record(actor=actor, event="survey.closed", subject_type="survey",
                 subject_key=str(campaign.pk), data={})  # fmt: skip
    return campaign


def _check_open(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationFailed(f"the survey '{campaign.title}' is closed", code="closed")


def _in_campaign(campaign: Campaign, unit_id: int) -> bool:
    from dtbd.organisation.models import UnitAncestry

    return UnitAncestry.objects.filter(
        ancestor_id=campaign.unit_id,
        descendant_id=unit_id,
        valid_from__lte=campaign.closes_on,
        valid_to__gte=campaign.opens_on,
    ).exists()


@transaction.atomic
def need_register(
    *,
    actor: Any,
    campaign: Campaign,
    unit: Any,
    program_category: str,
    people_count: int | None = None,
    people: list[Any] | None = None,
    priority: int = Priority.MEDIUM,
    reason: str = "",
) -> Need:
    """A unit's need for one programme category (registering it again replaces it)."""
    from dtbd.people.models import Post

    _check_open(campaign)
    if program_category not in ProgramCategory.values:
        raise ValidationFailed(f"unknown programme category '{program_category}'",
                               field="program_category")  # fmt: skip
    if priority not in Priority.values:
        raise ValidationFailed(f"unknown priority '{priority}' (1, 2 or 3)", field="priority")
    if not _in_campaign(campaign, unit.pk):
        raise ValidationFailed(f"unit {unit.code} is not in the survey's area", field="unit_code")
    people = list(people or [])
    if people:
        on = campaign.opens_on
        in_unit = set(
            Post.objects.filter(person__in=people, unit=unit, valid_from__lte=campaign.closes_on,
                                valid_to__gte=on).values_list("person_id", flat=True)
        )  # fmt: skip
        stray = [p.code for p in people if p.pk not in in_unit]
        if stray:
            raise ValidationFailed(f"{stray[0]} does not work in {unit.code}", field="people")
        people_count = max(people_count or 0, len(people))
    if not people_count or people_count < 1:
        raise ValidationFailed("give the number of people or name them", field="people_count")
    need, created = Need.objects.update_or_create(
        campaign=campaign, unit=unit, program_category=program_category,
        defaults={"people_count": people_count, "priority": priority, "reason": reason.strip()},
    )  # fmt: skip
    need.people.set(people)
    audit_record(actor=actor, event="survey.need_registered", subject_type="survey",
                 subject_key=str(campaign.pk),
                 data={"unit": unit.code, "program_category": program_category,
                       "people_count": people_count, "people": [p.code for p in people],
                       "priority": priority, "created": created})  # fmt: skip
    return need


@transaction.atomic
def interest_register(
    *, actor: Any, campaign: Campaign, person: Any, program_category: str, reason: str = ""
) -> Interest:
    _check_open(campaign)
    if program_category not in ProgramCategory.values:
        raise ValidationFailed(f"unknown programme category '{program_category}'",
                               field="program_category")  # fmt: skip
    row, _ = Interest.objects.update_or_create(
        campaign=campaign, person=person, program_category=program_category,
        defaults={"reason": reason.strip()},
    )  # fmt: skip
    audit_record(actor=actor, event="survey.interest_registered", subject_type="person",
                 subject_key=person.code,
                 data={"survey": campaign.pk, "program_category": program_category})  # fmt: skip
    return row
