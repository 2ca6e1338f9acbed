"""Two sibling units under a root, a person in each, and users holding each role on A.

R Tỉnh Thử nghiệm (province)
├── R.A   Sở Alpha (A)          Nguyễn Văn Ánh (PA)
│   └── R.A.1 Phòng Alpha Một   Lê Thị Ân (PA1)
└── R.B   Sở Xuyến Bê (B)       Trần Thị Xuyến (PB)
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from dtbd.accounts.models import Grant
from tests.factories import UserFactory, make_person, make_unit

# Names that appear nowhere else on a page, so a leak of B's records cannot hide.
B_UNIT_CODE = "R.B"
B_UNIT_NAME = "Sở Xuyến Bê"
B_PERSON_CODE = "PB-9931"
B_PERSON_NAME = "Trần Thị Xuyến"


@pytest.fixture
def world(db):
    root = make_unit("R", name="Tỉnh Thử nghiệm", level="province", kind="area")
    a = make_unit("R.A", name="Sở Alpha", level="province", parent=root)
    a1 = make_unit("R.A.1", name="Phòng Alpha Một", level="province", parent=a)
    b = make_unit(B_UNIT_CODE, name=B_UNIT_NAME, level="province", parent=root)
    return SimpleNamespace(
        root=root,
        a=a,
        a1=a1,
        b=b,
        pa=make_person(a, code="PA-1001", full_name="Nguyễn Văn Ánh"),
        pa1=make_person(a1, code="PA-1002", full_name="Lê Thị Ân", gender="female"),
        pb=make_person(b, code=B_PERSON_CODE, full_name=B_PERSON_NAME, gender="female"),
    )


def user_with(*grants: tuple[str, object], person=None, **fields):
    """A saved user holding the grants [(role, unit), …]; `person` for a `self` grant."""
    user = UserFactory(**fields)
    user.save()  # the factory sets the password after saving; keep it for sessions
    for role, unit in grants:
        Grant.objects.create(user=user, role=role, unit=unit, person=person)
    return user


D = dt.date
