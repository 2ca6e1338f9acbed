"""Building test data through the services, as real writes would."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from dtbd.organisation.models import Unit
from dtbd.organisation.services import unit_create
from dtbd.people.models import Person
from dtbd.people.rules import PostFacts
from dtbd.people.services import person_create

_codes = itertools.count(1)
ACTOR = "tests"


def make_unit(
    code: str | None = None,
    *,
    name: str | None = None,
    level: str = "province",
    kind: str = "state",
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    code = code or f"U{next(_codes):05d}"
    return unit_create(
        actor=ACTOR,
        code=code,
        name=name or f"Đơn vị {code}",
        level=level,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def make_person(
    unit: Unit,
    *,
    code: str | None = None,
    full_name: str = "Nguyễn Văn An",
    on: dt.date = dt.date(2020, 1, 1),
    birth_date: dt.date = dt.date(1985, 6, 15),
    gender: str = "male",
    category: str = "civil_servant",
    leadership: str = "none",
    qualifications: dict[str, str] | None = None,
    **fields,
) -> Person:
    return person_create(
        actor=ACTOR,
        code=code or f"P{next(_codes):06d}",
        on=on,
        post=PostFacts(unit_id=unit.pk, category=category, leadership=leadership),
        qualifications=qualifications,
        full_name=full_name,
        birth_date=birth_date,
        gender=gender,
        **fields,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-user-123")
