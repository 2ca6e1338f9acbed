"""Writes to standards refuse bad input with a message naming it, and save nothing."""

import datetime as dt

import pytest

from dtbd.audit.models import AuditEvent
from dtbd.core.errors import Conflict, ValidationFailed
from dtbd.standards.models import Equivalence, Requirement, Standard, StandardVersion
from dtbd.standards.services import (
    equivalence_add,
    evidence_add,
    framework_create,
    framework_version_add,
    hours_rule_set,
    position_competency_set,
    standard_create,
    standard_version_add,
)

from .conftest import ACTOR

pytestmark = pytest.mark.django_db
D = dt.date
REQ = {"professional": "university"}


def _refused(match: str, fn, **kwargs) -> ValidationFailed:
    counts = (Standard.objects.count(), StandardVersion.objects.count(),
              Requirement.objects.count(), Equivalence.objects.count())  # fmt: skip
    with pytest.raises(ValidationFailed, match=match) as caught:
        fn(actor=ACTOR, **kwargs)
    assert counts == (Standard.objects.count(), StandardVersion.objects.count(),
                      Requirement.objects.count(), Equivalence.objects.count())  # fmt: skip
    return caught.value


@pytest.fixture
def cv():
    return standard_create(actor=ACTOR, kind="rank", code="01.003", name="Chuyên viên")


def test_a_new_version_closes_the_open_one_and_keeps_it(cv):
    first = standard_version_add(actor=ACTOR, standard=cv, valid_from=D(2015, 1, 1),
                                 document="Thông tư 11/2014/TT-BNV", requirements=REQ)  # fmt: skip
    standard_version_add(actor=ACTOR, standard=cv, valid_from=D(2024, 7, 1),
                         document="Thông tư 06/2024/TT-BNV",
                         requirements={"professional": "college"})  # fmt: skip
    first.refresh_from_db()
    assert first.valid_to == D(2024, 6, 30)
    assert list(first.requirements.values_list("min_level", flat=True)) == ["university"]
    assert AuditEvent.objects.filter(event="standard.version_added").count() == 2


def test_overlapping_versions_are_refused_naming_the_other(cv):
    standard_version_add(actor=ACTOR, standard=cv, valid_from=D(2015, 1, 1), valid_to=D(2020, 12, 31),
                         document="Thông tư 11/2014/TT-BNV", requirements=REQ)  # fmt: skip
    error = _refused("overlaps the version of 'Chuyên viên' valid 01/01/2015–31/12/2020",
                     standard_version_add, standard=cv, valid_from=D(2019, 1, 1),
                     document="X", requirements=REQ)  # fmt: skip
    assert error.code == "overlap"
    _refused("overlaps", standard_version_add, standard=cv, valid_from=D(2015, 1, 1),
             document="X", requirements=REQ)  # fmt: skip


@pytest.mark.parametrize(
    ("requirements", "message"),
    [
        ({"languages": "b1"}, "unknown qualification dimension 'languages'"),
        ({"political_theory": "master"}, "'master' is not a level of political_theory"),
        ({"it": "none"}, "'none' is not a level of it"),
        ({}, "at least one requirement"),
    ],
)
def test_bad_requirements_are_refused(cv, requirements, message):
    _refused(message, standard_version_add, standard=cv, valid_from=D(2020, 1, 1),
             document="X", requirements=requirements)  # fmt: skip


def test_missing_document_and_reversed_period_are_refused(cv):
    _refused("legal document", standard_version_add, standard=cv, valid_from=D(2020, 1, 1),
             document=" ", requirements=REQ)  # fmt: skip
    _refused(
        "ends \\(01/01/2019\\) before it starts",
        standard_version_add,
        standard=cv,
        valid_from=D(2020, 1, 1),
        valid_to=D(2019, 1, 1),
        document="X",
        requirements=REQ,
    )


def test_outdated_version_is_a_conflict(cv):
    with pytest.raises(Conflict):
        standard_version_add(actor=ACTOR, standard=cv, valid_from=D(2020, 1, 1), document="X",
                             requirements=REQ, expected_version=cv.version + 5)  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "rank", "code": "99.999"}, "unknown rank code '99.999'"),
        ({"kind": "grade", "code": "x"}, "unknown standard kind 'grade'"),
        ({"kind": "leadership", "code": "boss", "unit_level": "province"}, "'head' or 'deputy'"),
        ({"kind": "leadership", "code": "head", "unit_level": "village"}, "unknown unit level"),
        ({"kind": "position", "code": ""}, "code of the rank or job position is required"),
    ],
)
def test_bad_targets_are_refused(kwargs, message):
    _refused(message, standard_create, name="X", **kwargs)


def test_a_second_standard_for_the_same_target_is_refused(cv):
    _refused("already exists", standard_create, kind="rank", code="01.003", name="Again")


def test_a_cycle_of_equivalences_is_refused_naming_it():
    equivalence_add(actor=ACTOR, dimension="political_theory", level="advanced",
                    satisfies_dimension="state_management", satisfies_level="principal_specialist",
                    document="A")  # fmt: skip
    error = _refused(
        "cycle: state_management=principal_specialist → political_theory=advanced → "
        "state_management=principal_specialist",
        equivalence_add, dimension="state_management", level="principal_specialist",
        satisfies_dimension="political_theory", satisfies_level="advanced", document="B",
    )  # fmt: skip
    assert error.code == "cycle"
    # Not a cycle: senior state management counting as intermediate political theory does
    # not lead back to advanced political theory.
    equivalence_add(actor=ACTOR, dimension="state_management", level="senior_specialist",
                    satisfies_dimension="political_theory", satisfies_level="intermediate",
                    document="C")  # fmt: skip
    _refused("not a level of it", equivalence_add, dimension="professional", level="master",
             satisfies_dimension="it", satisfies_level="expert", document="D")  # fmt: skip


def test_hours_rule_is_dated():
    from dtbd.standards.gaps import hours_rule_for

    hours_rule_set(actor=ACTOR, periods=40, valid_from=D(2017, 9, 1), document="101/2017/NĐ-CP")
    hours_rule_set(actor=ACTOR, periods=32, valid_from=D(2025, 7, 1), document="171/2025/NĐ-CP")
    assert hours_rule_for(2022).periods == 40
    assert hours_rule_for(2026).periods == 32
    with pytest.raises(ValidationFailed, match="later rule"):
        hours_rule_set(actor=ACTOR, periods=20, valid_from=D(2020, 1, 1), document="X")


def test_framework_editions_keep_past_evidence(world):
    fw = framework_create(actor=ACTOR, code="KNL", name="Khung năng lực")
    v1 = framework_version_add(actor=ACTOR, framework=fw, valid_from=D(2023, 1, 1),
                               levels=["Cơ bản", "Thành thạo", "Chuyên gia"],
                               competencies=[("GT", "Giao tiếp")])  # fmt: skip
    gt1 = v1.competencies.get()
    evidence = evidence_add(actor=ACTOR, person=world.people["ha"], competency=gt1, rank=2,
                            source="self", observed_on=D(2023, 5, 1))  # fmt: skip
    v2 = framework_version_add(actor=ACTOR, framework=fw, valid_from=D(2025, 1, 1),
                               levels=["1", "2", "3", "4", "5"],
                               competencies=[("GT", "Giao tiếp"), ("CDS", "Công nghệ số")])  # fmt: skip
    v1.refresh_from_db()
    evidence.refresh_from_db()
    assert v1.valid_to == D(2024, 12, 31) and v2.number == 2
    assert evidence.competency == gt1 and evidence.rank == 2
    with pytest.raises(ValidationFailed, match="level 4 is not on the scale"):
        evidence_add(actor=ACTOR, person=world.people["ha"], competency=gt1, rank=4,
                     source="manager", observed_on=D(2024, 1, 1))  # fmt: skip
    with pytest.raises(ValidationFailed, match="level 0 is not on the scale"):
        position_competency_set(actor=ACTOR, competency=gt1, position_code="VT1", required_rank=0)
    with pytest.raises(ValidationFailed, match="unknown evidence source"):
        evidence_add(actor=ACTOR, person=world.people["ha"], competency=gt1, rank=1,
                     source="rumour", observed_on=D(2024, 1, 1))  # fmt: skip
