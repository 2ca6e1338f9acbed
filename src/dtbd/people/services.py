"""Writes to the personnel registry. Each is atomic and audited in its transaction."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from dtbd.audit.services import audit_record, diff
from dtbd.core.codes import NONE, SCALES, rank_of
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.core.timeline import Plan, Span, plan_set

from . import rules, standings
from .models import Person, Post, Qualification, Rank, Source

PERSON_FIELDS = ("full_name", "birth_date", "gender", "ethnicity", "party_member", "national_id")


def _person_snapshot(person: Person) -> dict[str, Any]:
    return {
        f: (str(getattr(person, f)) if f == "birth_date" else getattr(person, f))
        for f in PERSON_FIELDS
    }


def _clean_person_fields(fields: dict[str, Any], *, on: dt.date) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "full_name":
            clean.update(rules.name_fields(rules.full_name(value)))
        elif name == "birth_date":
            clean[name] = rules.birth_date(value, on=on)
        elif name == "gender":
            clean[name] = rules.gender(value)
        elif name == "ethnicity":
            clean[name] = rules.nfc(value or "")
        elif name == "party_member":
            clean[name] = value
        elif name == "national_id":
            clean[name] = rules.national_id(value) if value else None
        else:
            raise ValidationFailed(f"unknown field '{name}'", field=name)
    return clean


def _check_rank(code: str) -> None:
    if code and not Rank.objects.filter(code=code).exists():
        raise ValidationFailed(f"unknown rank code '{code}'", field="rank_code")


def _check_national_id_free(national_id: str | None, person_pk: int | None) -> None:
    others = Person.objects.filter(national_id=national_id)
    if person_pk is not None:
        others = others.exclude(pk=person_pk)
    if national_id and others.exists():
        raise ValidationFailed(
            f"national ID {national_id} belongs to another person",
            field="national_id",
            code="duplicate",
        )


def apply_plan(
    model: type[Post] | type[Qualification], plan: Plan, *, person: Person, columns: dict[str, Any]
) -> None:
    """Write what plan_set decided for a post or a qualification."""
    if plan.close:
        model.objects.filter(pk=plan.close[0]).update(valid_to=plan.close[1])
    if plan.delete is not None:
        model.objects.filter(pk=plan.delete).delete()
    if plan.replace:
        model.objects.filter(pk=plan.replace[0]).update(**columns)
    if plan.add:
        start, end, _ = plan.add
        model.objects.create(person=person, valid_from=start, valid_to=end, **columns)


def post_for_audit(post: rules.PostFacts) -> dict[str, Any]:
    """The post as people read it: the unit's code, not its database id."""
    from dtbd.organisation.models import Unit

    facts = {k: v for k, v in post.__dict__.items() if k != "unit_id" and v}
    return {
        "unit_code": Unit.objects.filter(pk=post.unit_id).values_list("code", flat=True).first(),
        **facts,
    }


def post_spans(person: Person) -> list[Span]:
    return [
        Span(
            p.pk,
            p.valid_from,
            p.valid_to,
            rules.PostFacts(p.unit_id, p.category, p.leadership, p.rank_code, p.position_code),
        )
        for p in person.posts.order_by("valid_from")
    ]


def qualification_spans(person: Person, dimension: str) -> list[Span]:
    return [
        Span(q.pk, q.valid_from, q.valid_to, q.level)
        for q in person.qualifications.filter(dimension=dimension).order_by("valid_from")
    ]


@transaction.atomic
def post_set(
    *,
    actor: Any,
    person: Person,
    on: dt.date,
    post: rules.PostFacts,
    source: str = Source.MANUAL,
    source_ref: str = "",
) -> bool:
    """Put the person in `post` from `on` until their next recorded change. True if changed."""
    from dtbd.organisation.models import UnitVersion

    rules.category(post.category)
    rules.leadership(post.leadership)
    _check_rank(post.rank_code)
    if not UnitVersion.objects.filter(
        unit_id=post.unit_id, valid_from__lte=on, valid_to__gte=on
    ).exists():
        raise ValidationFailed(f"the unit does not exist on {on:%d/%m/%Y}", field="unit_code")
    spans = post_spans(person)
    plan = plan_set(spans, on, post)
    if not plan.changed:
        return False
    apply_plan(
        Post,
        plan,
        person=person,
        columns={
            "unit_id": post.unit_id,
            "category": post.category,
            "leadership": post.leadership,
            "rank_code": post.rank_code,
            "position_code": post.position_code,
            "source": source,
            "source_ref": source_ref,
        },
    )
    standings.refresh([person.pk])
    audit_record(
        actor=actor,
        event="person.post_set",
        subject_type="person",
        subject_key=person.code,
        data={"on": str(on), "post": post_for_audit(post), "source": source},
    )
    return True


@transaction.atomic
def qualification_set(
    *,
    actor: Any,
    person: Person,
    dimension: str,
    level: str,
    on: dt.date,
    source: str = Source.MANUAL,
    source_ref: str = "",
    certificate_no: str = "",
    institution: str = "",
    only_raise: bool = False,
) -> bool:
    """Record that the person holds `level` on `dimension` from `on`. True if changed.

    With `only_raise` (a completed course), a level at or below the one held changes nothing.
    """
    if dimension not in SCALES:
        raise ValidationFailed(f"unknown qualification dimension '{dimension}'", field="dimension")
    rules.qualification_level(dimension, level)
    spans = qualification_spans(person, dimension)
    if only_raise:
        held = next((s.value for s in spans if s.valid_from <= on <= s.valid_to), NONE)
        if rank_of(dimension, level) <= rank_of(dimension, str(held)):
            return False
    plan = plan_set(spans, on, None if level == NONE else level)
    if not plan.changed:
        return False
    apply_plan(
        Qualification,
        plan,
        person=person,
        columns={
            "dimension": dimension,
            "level": level,
            "source": source,
            "source_ref": source_ref,
            "certificate_no": certificate_no,
            "institution": institution,
        },
    )
    standings.refresh([person.pk])
    audit_record(
        actor=actor,
        event="person.qualification_set",
        subject_type="person",
        subject_key=person.code,
        data={
            "dimension": dimension,
            "level": level,
            "on": str(on),
            "source": source,
            "source_ref": source_ref,
        },
    )
    return True


@transaction.atomic
def person_create(
    *,
    actor: Any,
    code: str,
    on: dt.date,
    post: rules.PostFacts,
    qualifications: dict[str, str] | None = None,
    source: str = Source.MANUAL,
    **fields: Any,
) -> Person:
    """A new person in `post` from `on`, holding `qualifications` from `on`."""
    rules.person_code(code)
    for required in ("full_name", "birth_date", "gender"):
        if not fields.get(required):
            raise ValidationFailed(f"{required} is required", field=required)
    if Person.objects.filter(code=code).exists():
        raise ValidationFailed(
            f"person '{code}' already exists", field="person_code", code="duplicate"
        )
    clean = _clean_person_fields(fields, on=on)
    _check_national_id_free(clean.get("national_id"), None)
    try:
        with transaction.atomic():
            person = Person.objects.create(code=code, **clean)
    except IntegrityError as error:
        raise ValidationFailed(f"person '{code}' could not be saved: {error}") from error
    audit_record(
        actor=actor,
        event="person.created",
        subject_type="person",
        subject_key=code,
        data={"after": _person_snapshot(person)},
    )
    post_set(actor=actor, person=person, on=on, post=post, source=source)
    for dimension, level in (qualifications or {}).items():
        qualification_set(
            actor=actor, person=person, dimension=dimension, level=level, on=on, source=source
        )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    expected_version: int | None = None,
    on: dt.date | None = None,
    **fields: Any,
) -> Person:
    """Change a person's own fields (not posts or qualifications, which are dated)."""
    from dtbd.core.dates import today

    locked = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(
            f"person '{locked.code}' was changed by someone else (version {locked.version}, "
            f"yours {expected_version}); reload and try again"
        )
    clean = _clean_person_fields(fields, on=on or today())
    _check_national_id_free(clean.get("national_id"), locked.pk)
    before = _person_snapshot(locked)
    for name, value in clean.items():
        setattr(locked, name, value)
    after = _person_snapshot(locked)
    changes = diff(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.save()
    if any(name in changes for name in standings.PERSON_FIELDS):
        standings.refresh([locked.pk])
    audit_record(
        actor=actor,
        event="person.updated",
        subject_type="person",
        subject_key=locked.code,
        data=changes,
    )
    return locked


@transaction.atomic
def person_edit(
    *,
    actor: Any,
    person: Person,
    on: dt.date,
    expected_version: int | None = None,
    fields: dict[str, Any] | None = None,
    post: rules.PostFacts | None = None,
    qualifications: dict[str, str] | None = None,
) -> Person:
    """One edit of a person: own fields, the post from `on` and qualifications from `on`.

    It is checked against `expected_version` before anything is written, and raises the
    version once if anything changed (dated posts and qualifications are part of the record
    an editor saw, so changing them must make an older edit stale too).
    """
    start = Person.objects.select_for_update().get(pk=person.pk).version
    locked = person_update(
        actor=actor, person=person, expected_version=expected_version, on=on, **(fields or {})
    )
    changed = False
    if post is not None:
        changed |= post_set(actor=actor, person=locked, on=on, post=post)
    for dimension, level in (qualifications or {}).items():
        changed |= qualification_set(
            actor=actor, person=locked, dimension=dimension, level=level, on=on
        )
    if changed and locked.version == start:
        Person.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        locked.refresh_from_db()
    return locked
