"""A small province written down by hand, built through the services, and an oracle that
computes the contract's figures from the same description in plain Python.

01 Tỉnh Thử (province, area)
├── 01.SNV Sở Nội vụ (province, state)
├── 01.SYT Sở Y tế (province, state; public_service from 2024-01-01)
├── 01.D1  Huyện Một (district, area; ceased 2025-06-30)
│   ├── 01.C1 Xã Một (commune, area; moved under 01 on 2025-07-01)
│   └── 01.C2 Xã Hai (commune, area; ceased 2025-06-30, merged into 01.C9)
└── 01.C9  Xã Chín (commune, area; from 2025-07-01)
02 Tỉnh Bên (province, area) — another province, for scope
└── 02.SNV Sở Nội vụ (province, state)
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from types import SimpleNamespace

import pytest

from dtbd.organisation.services import unit_succession_record, unit_update
from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set, qualification_set
from tests.factories import ACTOR, make_person, make_unit

D = dt.date
MERGER = D(2025, 7, 1)
LAST = MERGER - dt.timedelta(days=1)
KIND_CHANGE = D(2024, 1, 1)
START = D(2020, 1, 1)
BEFORE = D(2024, 6, 1)  # before the merger, after the kind change
AFTER = D(2025, 12, 31)
DATES = (D(2019, 1, 1), D(2023, 6, 1), BEFORE, MERGER, AFTER)

# code -> [(from, to, name, level, kind, parent)]
UNITS: dict[str, list[tuple]] = {
    "01": [(D(1900, 1, 1), D(9999, 12, 31), "Tỉnh Thử", "province", "area", None)],
    "01.SNV": [(D(1900, 1, 1), D(9999, 12, 31), "Sở Nội vụ", "province", "state", "01")],
    "01.SYT": [
        (D(1900, 1, 1), KIND_CHANGE - dt.timedelta(days=1), "Sở Y tế", "province", "state", "01"),
        (KIND_CHANGE, D(9999, 12, 31), "Sở Y tế", "province", "public_service", "01"),
    ],
    "01.D1": [(D(1900, 1, 1), LAST, "Huyện Một", "district", "area", "01")],
    "01.C1": [
        (D(1900, 1, 1), LAST, "Xã Một", "commune", "area", "01.D1"),
        (MERGER, D(9999, 12, 31), "Xã Một", "commune", "area", "01"),
    ],
    "01.C2": [(D(1900, 1, 1), LAST, "Xã Hai", "commune", "area", "01.D1")],
    "01.C9": [(MERGER, D(9999, 12, 31), "Xã Chín", "commune", "area", "01")],
    "02": [(D(1900, 1, 1), D(9999, 12, 31), "Tỉnh Bên", "province", "area", None)],
    "02.SNV": [(D(1900, 1, 1), D(9999, 12, 31), "Sở Nội vụ", "province", "state", "02")],
}


@dataclass
class Spec:
    code: str
    gender: str
    birth: dt.date
    # (from, unit, category, leadership); each holds until the next
    posts: list[tuple[dt.date, str, str, str]]
    # dimension -> [(from, level)]; "none" ends what was held
    quals: dict[str, list[tuple[dt.date, str]]] = field(default_factory=dict)


P = Spec
PEOPLE = [
    P(
        "A1",
        "female",
        D(1990, 3, 2),
        [(START, "01.SNV", "civil_servant", "head")],
        {"professional": [(START, "master")], "political_theory": [(START, "advanced")]},
    ),
    P(
        "A2",
        "male",
        D(1985, 6, 15),
        [(START, "01.SNV", "civil_servant", "deputy")],
        {
            "professional": [(START, "university")],
            "political_theory": [(D(2024, 9, 1), "intermediate")],
        },
    ),
    # obtained a doctorate after BEFORE: a 2024-06-01 report shows the master's
    P(
        "A3",
        "male",
        D(1964, 7, 1),
        [(START, "01.SNV", "cadre", "none")],
        {
            "professional": [(START, "master"), (D(2025, 1, 10), "doctorate")],
            "it": [(START, "basic")],
        },
    ),
    P(
        "A4",
        "female",
        D(1994, 6, 1),
        [(START, "01.SYT", "public_employee", "none")],
        {"professional": [(START, "college")], "foreign_language": [(START, "b1")]},
    ),
    # turns 30 on 2024-06-01 (the report date): 30_or_under; 31 a year later
    P(
        "A5",
        "female",
        D(1994, 6, 1),
        [(START, "01.SYT", "public_employee", "deputy")],
        {"professional": [(START, "intermediate")]},
    ),
    # born on 29 February
    P(
        "A6",
        "male",
        D(1984, 2, 29),
        [(START, "01.SYT", "civil_servant", "none")],
        {"professional": [(START, "elementary")], "state_management": [(START, "specialist")]},
    ),
    P(
        "A7",
        "male",
        D(1958, 1, 1),
        [(START, "01.D1", "cadre", "head"), (MERGER, "01.SNV", "cadre", "deputy")],
        {
            "professional": [(START, "university")],
            "political_theory": [(START, "advanced")],
            "state_management": [(START, "principal_specialist")],
        },
    ),
    # moved from the district to the provincial department at the merger
    P(
        "A8",
        "female",
        D(1980, 12, 31),
        [(START, "01.D1", "civil_servant", "deputy"), (MERGER, "01.SNV", "civil_servant", "none")],
        {
            "professional": [(START, "university")],
            "political_theory": [(START, "basic"), (D(2023, 1, 1), "intermediate")],
        },
    ),
    P(
        "A9",
        "male",
        D(1992, 8, 20),
        [(START, "01.C1", "cadre", "head")],
        {"professional": [(START, "university")], "defense_security": [(START, "group_4")]},
    ),
    P("B1", "female", D(1999, 1, 1), [(D(2023, 3, 1), "01.C1", "civil_servant", "none")]),
    # in the commune that ceased; followed it into its successor
    P(
        "B2",
        "male",
        D(1975, 5, 5),
        [(START, "01.C2", "cadre", "deputy"), (MERGER, "01.C9", "cadre", "deputy")],
        {"professional": [(START, "college")], "political_theory": [(START, "intermediate")]},
    ),
    P(
        "B3",
        "female",
        D(1970, 10, 10),
        [(START, "01.C2", "civil_servant", "none"), (MERGER, "01.C9", "civil_servant", "none")],
        {
            "professional": [(START, "university")],
            "it": [(START, "advanced"), (D(2025, 2, 1), "none")],
        },
    ),
    P(
        "B4",
        "male",
        D(2001, 4, 4),
        [(D(2025, 8, 1), "01.C9", "other", "none")],
        {"professional": [(D(2025, 8, 1), "university")]},
    ),
    # the other province
    P(
        "X1",
        "male",
        D(1980, 1, 1),
        [(START, "02.SNV", "civil_servant", "head")],
        {"professional": [(START, "doctorate")], "political_theory": [(START, "advanced")]},
    ),
]


NAMES = [
    "Nguyễn Thị Ánh",
    "Trần Văn Bình",
    "Lê Văn Cừ",
    "Phạm Thị Dung",
    "Hoàng Thị Đào",
    "Vũ Văn Em",
    "Đỗ Văn Giang",
    "Bùi Thị Hà",
    "Ngô Văn Khải",
    "Dương Thị Lan",
    "Đặng Văn Minh",
    "Lý Thị Nga",
    "Mai Văn Phúc",
    "Hồ Văn Quang",
]


@pytest.fixture
def world(db):
    units = {}
    for code, versions in UNITS.items():
        first = versions[0]
        last = versions[-1]
        units[code] = make_unit(
            code,
            name=first[2],
            level=first[3],
            kind=first[4],
            parent=units[first[5]] if first[5] else None,
            valid_from=None if first[0] == D(1900, 1, 1) else first[0],
            valid_to=None if last[1] == D(9999, 12, 31) else last[1],
        )
        for version in versions[1:]:
            unit_update(
                actor=ACTOR,
                unit=units[code],
                on=version[0],
                kind=version[4],
                parent=units[version[5]] if version[5] else None,
            )
    unit_succession_record(
        actor=ACTOR, predecessor=units["01.C2"], successor=units["01.C9"], effective_on=MERGER
    )
    people = {}
    for spec in PEOPLE:
        first_on, unit, category, leadership = spec.posts[0]
        person = make_person(
            units[unit],
            code=spec.code,
            full_name=NAMES[len(people)],
            on=first_on,
            birth_date=spec.birth,
            gender=spec.gender,
            category=category,
            leadership=leadership,
        )
        for on, unit, category, leadership in spec.posts[1:]:
            post_set(
                actor=ACTOR,
                person=person,
                on=on,
                post=PostFacts(unit_id=units[unit].pk, category=category, leadership=leadership),
            )
        for dimension, changes in spec.quals.items():
            for on, level in changes:
                qualification_set(
                    actor=ACTOR, person=person, dimension=dimension, level=level, on=on
                )
        people[spec.code] = person
    return SimpleNamespace(units=units, people=people)


# --- the oracle -------------------------------------------------------------------------


def unit_on(code: str, on: dt.date):
    for version in UNITS[code]:
        if version[0] <= on <= version[1]:
            return version
    return None


def in_subtree(code: str, root: str, on: dt.date) -> bool:
    while code is not None:
        version = unit_on(code, on)
        if version is None:
            return False
        if code == root:
            return True
        code = version[5]
    return False


def held(spec: Spec, dimension: str, on: dt.date) -> str:
    level = "none"
    for since, value in spec.quals.get(dimension, []):
        if since <= on:
            level = value
    return level


def age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(years: int) -> str:
    if years <= 30:
        return "30_or_under"
    if years <= 40:
        return "31_40"
    if years <= 50:
        return "41_50"
    if years <= 60:
        return "51_60"
    return "over_60"


BANDS = {
    "doctorate": "postgraduate",
    "master": "postgraduate",
    "university": "university",
    "college": "college_vocational",
    "intermediate": "college_vocational",
    "elementary": "elementary_or_below",
    "none": "elementary_or_below",
}


def in_post(on: dt.date, roots=None, **filters) -> list[dict]:
    """Everyone in post on `on` as a flat record: the facts a report may group on."""
    out = []
    for spec in PEOPLE:
        post = None
        for p in spec.posts:
            if p[0] <= on:
                post = p
        if post is None:
            continue
        _, unit, category, leadership = post
        version = unit_on(unit, on)
        assert version is not None, f"{spec.code} in a unit that does not exist on {on}"
        rec = {
            "unit": unit,
            "level": version[3],
            "kind": version[4],
            "category": category,
            "leadership": leadership,
            "gender": spec.gender,
            "age": age(spec.birth, on),
            "spec": spec,
        }
        if roots is not None and not any(in_subtree(unit, r, on) for r in roots):
            continue
        if any(rec[k] != v for k, v in filters.items() if v):
            continue
        out.append(rec)
    return out


def pct(part: int, whole: int):
    if whole == 0:
        return None
    hundredths = Fraction(100 * 100 * part, whole) + Fraction(1, 2)
    return float(Fraction(int(hundredths), 100))  # floor(x + 1/2): half up for positives


def value_of(rec: dict, dimension: str, on: dt.date) -> str:
    if dimension == "professional_band":
        return BANDS[held(rec["spec"], "professional", on)]
    if dimension == "age_band":
        return age_band(rec["age"])
    if dimension in ("category", "leadership", "gender"):
        return rec[dimension]
    return held(rec["spec"], dimension, on)
