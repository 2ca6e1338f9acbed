"""A small province whose gaps are counted by hand in each test's docstring."""

import datetime as dt
from dataclasses import dataclass

import pytest

from dtbd.organisation.models import Unit
from dtbd.people.models import Person
from dtbd.people.rules import PostFacts
from dtbd.people.services import person_create
from dtbd.standards.models import Standard
from dtbd.standards.services import equivalence_add, standard_create, standard_version_add
from tests.factories import make_unit

ACTOR = "tests"
ON = dt.date(2024, 6, 1)


def make_ranked(unit, *, code, full_name, on, qualifications=None, leadership="none",
                rank_code="", position_code="", category="civil_servant") -> Person:  # fmt: skip
    """A person in post with a rank and job position (tests.factories.make_person has none)."""
    return person_create(
        actor=ACTOR, code=code, on=on, full_name=full_name, birth_date=dt.date(1985, 6, 15),
        gender="male", qualifications=qualifications,
        post=PostFacts(unit_id=unit.pk, category=category, leadership=leadership,
                       rank_code=rank_code, position_code=position_code),
    )  # fmt: skip


@dataclass
class World:
    root: Unit
    snv: Unit
    sgd: Unit
    commune: Unit
    people: dict[str, Person]
    cvc: Standard  # chuyên viên chính
    cv: Standard  # chuyên viên
    commune_head: Standard


@pytest.fixture
def world() -> World:
    """Units: province 08 > SNV, SGD; commune X1 under 08.

    People (2020-01-01 on):
      ha   SNV  01.002           university, pt intermediate, sm principal      -> meets CVC
      binh SNV  01.002           university, pt basic, sm none                   -> 2 gaps (pt, sm)
      cuc  SGD  01.003           master, pt none, sm specialist                  -> meets CV
      dung SGD  01.003           college, sm specialist                          -> 1 gap (prof)
      em   X1   01.003 head      university, pt intermediate, sm specialist      -> meets both
      gia  X1   01.003 head      university, pt basic, sm specialist             -> 1 gap (pt, head)
      khoa X1   no rank          nothing                                          -> no standard
    Standards from 2020-01-01:
      CVC 01.002: professional university, political_theory intermediate,
                  state_management principal_specialist (Thông tư 06/2024/TT-BNV)
      CV 01.003: professional university, state_management specialist
      commune head: political_theory intermediate
    """
    root = make_unit("08", name="Tỉnh Tuyên Quang", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", parent=root)
    sgd = make_unit("08.SGD", name="Sở Giáo dục và Đào tạo", parent=root)
    commune = make_unit("X1", name="Xã Thượng Lâm", level="commune", kind="area", parent=root)
    on = dt.date(2020, 1, 1)

    def person(code, unit, name, rank, quals, leadership="none"):
        return make_ranked(unit, code=code, full_name=name, on=on, qualifications=quals,
                           leadership=leadership, rank_code=rank)  # fmt: skip

    people = {
        "ha": person("ha", snv, "Nguyễn Thu Hà", "01.002", {"professional": "university",
                     "political_theory": "intermediate", "state_management": "principal_specialist"}),
        "binh": person("binh", snv, "Trần Văn Bình", "01.002", {"professional": "university",
                       "political_theory": "basic"}),
        "cuc": person("cuc", sgd, "Lê Thị Cúc", "01.003", {"professional": "master",
                      "state_management": "specialist"}),
        "dung": person("dung", sgd, "Phạm Văn Dũng", "01.003", {"professional": "college",
                       "state_management": "specialist"}),
        "em": person("em", commune, "Hoàng Văn Em", "01.003", {"professional": "university",
                     "political_theory": "intermediate", "state_management": "specialist"}, "head"),
        "gia": person("gia", commune, "Vũ Thị Gia", "01.003", {"professional": "university",
                      "political_theory": "basic", "state_management": "specialist"}, "head"),
        "khoa": person("khoa", commune, "Đỗ Văn Khoa", "", {}),
    }  # fmt: skip
    cvc = standard_create(actor=ACTOR, kind="rank", code="01.002", name="Chuyên viên chính")
    standard_version_add(
        actor=ACTOR, standard=cvc, valid_from=on, document="Thông tư 06/2024/TT-BNV",
        requirements={"professional": "university", "political_theory": "intermediate",
                      "state_management": "principal_specialist"},
    )  # fmt: skip
    cv = standard_create(actor=ACTOR, kind="rank", code="01.003", name="Chuyên viên")
    standard_version_add(
        actor=ACTOR, standard=cv, valid_from=on, document="Thông tư 06/2024/TT-BNV",
        requirements={"professional": "university", "state_management": "specialist"},
    )  # fmt: skip
    head = standard_create(
        actor=ACTOR, kind="leadership", code="head", unit_level="commune", name="Chủ tịch xã"
    )
    standard_version_add(
        actor=ACTOR, standard=head, valid_from=on, document="Quy định 214-QĐ/TW",
        requirements={"political_theory": "intermediate"},
    )  # fmt: skip
    return World(root, snv, sgd, commune, people, cvc, cv, head)


__all__ = ["ACTOR", "ON", "World", "equivalence_add"]
