"""A small province with a political school for the training tests.

08 Tỉnh Tuyên Quang (province, area)
├── 08.BTC  Ban Tổ chức Tỉnh ủy (province, party)     organiser of provincial classes
├── 08.TCT  Trường Chính trị tỉnh (training institution)
├── 08.YS   Huyện Yên Sơn (district, area)            Nguyễn Văn Cừ
│   └── 08.YS.KP Xã Kim Phú (commune, area)            Trần Thị Đào (political theory: basic)
└── 08.SD   Huyện Sơn Dương (district, area)           Lê Văn Bình
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from dtbd.accounts.models import Grant
from dtbd.training.services import course_create, course_set_status
from tests.factories import UserFactory, make_person, make_unit

D = dt.date


@dataclass
class Province:
    root: Any
    btc: Any
    school: Any
    ys: Any
    kp: Any
    sd: Any
    cu: Any
    dao: Any
    binh: Any


@pytest.fixture
def province(db) -> Province:
    root = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    btc = make_unit("08.BTC", name="Ban Tổ chức Tỉnh ủy", kind="party", parent=root)
    school = make_unit(
        "08.TCT", name="Trường Chính trị tỉnh Tuyên Quang", kind="training_institution", parent=root
    )
    ys = make_unit("08.YS", name="Huyện Yên Sơn", level="district", kind="area", parent=root)
    kp = make_unit("08.YS.KP", name="Xã Kim Phú", level="commune", kind="area", parent=ys)
    sd = make_unit("08.SD", name="Huyện Sơn Dương", level="district", kind="area", parent=root)
    return Province(
        root=root,
        btc=btc,
        school=school,
        ys=ys,
        kp=kp,
        sd=sd,
        cu=make_person(ys, code="P-CU", full_name="Nguyễn Văn Cừ"),
        dao=make_person(
            kp,
            code="P-DAO",
            full_name="Trần Thị Đào",
            gender="female",
            qualifications={"political_theory": "basic"},
        ),
        binh=make_person(sd, code="P-BINH", full_name="Lê Văn Bình"),
    )


def user_with(role: str, unit=None, person=None):
    user = UserFactory()
    user.save()
    Grant.objects.create(user=user, role=role, unit=unit, person=person)
    return user


def make_course(province: Province, *, code="LTC-2024-01", status="open", **fields):
    defaults = {
        "name": "Trung cấp lý luận chính trị K24",
        "program_category": "political_theory_intermediate",
        "organizer_unit": province.btc,
        "institution": province.school,
        "start_date": D(2024, 3, 1),
        "end_date": D(2024, 9, 30),
        "mode": "part_time",
        "capacity": 30,
    }
    course = course_create(actor="tests", course_code=code, **{**defaults, **fields})
    path = {"planned": [], "open": ["open"], "running": ["open", "running"]}[status]
    for step in path:
        course = course_set_status(actor="tests", course=course, status=step)
    return course
