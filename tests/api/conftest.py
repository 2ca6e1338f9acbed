"""A small province for the API tests, users with grants on it, and clients that call as them.

08 Tỉnh Tuyên Quang (province)
├── 08.SNV Sở Nội vụ (province, state)           Phạm Thị An
├── 08.YS  Huyện Yên Sơn (district, area)        Nguyễn Văn Cừ
│   └── 08.YS.KP Xã Kim Phú (commune, area)       Trần Thị Đào (cadre, head)
└── 08.SD  Huyện Sơn Dương (district, area)      Lê Văn Bình
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.accounts.tokens import token_create
from tests.factories import UserFactory, make_person, make_unit

D = dt.date


# A valid POST /people body: a new person in Xã Kim Phú.
NEW_PERSON = {
    "person_code": "P-NEW",
    "full_name": "Hoàng  Thị Em",
    "birth_date": "1990-03-08",
    "gender": "female",
    "unit_code": "08.YS.KP",
    "category": "civil_servant",
    "leadership": "deputy",
    "ethnicity": "Tày",
    "party_member": True,
    "national_id": "008190000123",
    "professional": "university",
    "it": "basic",
    "as_of": "2024-01-01",
}


@dataclass
class Province:
    root: Any
    snv: Any
    ys: Any
    kp: Any
    sd: Any
    an: Any
    cu: Any
    dao: Any
    binh: Any


@pytest.fixture
def province(db) -> Province:
    root = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    snv = make_unit("08.SNV", name="Sở Nội vụ", level="province", kind="state", parent=root)
    ys = make_unit("08.YS", name="Huyện Yên Sơn", level="district", kind="area", parent=root)
    kp = make_unit("08.YS.KP", name="Xã Kim Phú", level="commune", kind="area", parent=ys)
    sd = make_unit("08.SD", name="Huyện Sơn Dương", level="district", kind="area", parent=root)
    return Province(
        root=root,
        snv=snv,
        ys=ys,
        kp=kp,
        sd=sd,
        an=make_person(
            snv,
            code="P-AN",
            full_name="Phạm Thị An",
            gender="female",
            qualifications={"professional": "master", "political_theory": "advanced"},
        ),
        cu=make_person(
            ys,
            code="P-CU",
            full_name="Nguyễn Văn Cừ",
            qualifications={"professional": "university", "political_theory": "intermediate"},
        ),
        dao=make_person(
            kp,
            code="P-DAO",
            full_name="Trần Thị Đào",
            gender="female",
            category="cadre",
            leadership="head",
            qualifications={"professional": "college", "political_theory": "basic"},
        ),
        binh=make_person(sd, code="P-BINH", full_name="Lê Văn Bình"),
    )


def user_with(role: str, unit=None):
    user = UserFactory()
    user.save()  # the factory does not save the password it sets; sessions hash it
    Grant.objects.create(user=user, role=role, unit=unit)
    return user


class Api:
    """A test client speaking JSON to /api/v1/."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None):
        self.client = client
        self.headers = headers or {}

    def _call(self, method: str, path: str, body: Any = None, headers=None, **params):
        url = "/api/v1/" + path.lstrip("/")
        kwargs: dict[str, Any] = {"headers": {**self.headers, **(headers or {})}}
        if body is not None:
            kwargs.update(data=json.dumps(body, default=str), content_type="application/json")
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path: str, **params):
        return self._call("get", path, **params)

    def post(self, path: str, body: Any, **kw):
        return self._call("post", path, body, **kw)

    def patch(self, path: str, body: Any, **kw):
        return self._call("patch", path, body, **kw)


def session_api(user) -> Api:
    client = Client()
    client.force_login(user)
    return Api(client)


def token_api(user) -> Api:
    _, token = token_create(actor="tests", user=user, name="tests")
    return Api(Client(), {"Authorization": f"Bearer {token}"})


@pytest.fixture
def admin_api(admin_user) -> Api:
    return session_api(admin_user)


@pytest.fixture
def viewer_ys(province):
    """A viewer of Huyện Yên Sơn: sees it and Xã Kim Phú, writes nothing."""
    return user_with("viewer", province.ys)


@pytest.fixture
def manager_ys(province):
    return user_with("manager", province.ys)


@pytest.fixture
def anonymous() -> Api:
    return Api(Client())
