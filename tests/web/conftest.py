"""A small province for the page tests: a merger in 2025, people with Vietnamese names."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dtbd.people.rules import PostFacts
from dtbd.people.services import post_set
from tests.factories import ACTOR, UserFactory, make_person, make_unit

MERGER = dt.date(2025, 7, 1)


@pytest.fixture
def province(db):
    """Bắc Ninh with a department, a district and commune that ceased at the 2025 merger,
    the commune that succeeded them, and Hà Nội beside it (for scope tests)."""
    bac_ninh = make_unit("27", name="Tỉnh Bắc Ninh", level="province", kind="area")
    home_affairs = make_unit("27.SNV", name="Sở Nội vụ", level="province", parent=bac_ninh)
    yen_phong = make_unit(
        "256",
        name="Huyện Yên Phong",
        level="district",
        kind="area",
        parent=bac_ninh,
        valid_to=MERGER - dt.timedelta(days=1),
    )
    dung_liet = make_unit(
        "09193",
        name="Xã Dũng Liệt",
        level="commune",
        kind="area",
        parent=yen_phong,
        valid_to=MERGER - dt.timedelta(days=1),
    )
    successor = make_unit(
        "09194",
        name="Xã Yên Phong",
        level="commune",
        kind="area",
        parent=bac_ninh,
        valid_from=MERGER,
    )
    ha_noi = make_unit("01", name="Thành phố Hà Nội", level="province", kind="area")
    ha_noi_dept = make_unit("01.SNV", name="Sở Nội vụ Hà Nội", level="province", parent=ha_noi)
    return SimpleNamespace(
        bac_ninh=bac_ninh,
        home_affairs=home_affairs,
        yen_phong=yen_phong,
        dung_liet=dung_liet,
        successor=successor,
        ha_noi=ha_noi,
        ha_noi_dept=ha_noi_dept,
    )


@pytest.fixture
def people(province):
    """Five in Sở Nội vụ, one moved by the merger from Dũng Liệt to Yên Phong, one in Hà Nội."""
    dept = province.home_affairs
    made = {
        "cu": make_person(
            dept,
            code="BN001",
            full_name="Nguyễn Văn Cừ",
            leadership="head",
            category="cadre",
            qualifications={"professional": "master", "political_theory": "advanced"},
        ),
        "anh": make_person(
            dept,
            code="BN002",
            full_name="Trần Thị Ánh",
            gender="female",
            birth_date=dt.date(1990, 3, 2),
            qualifications={"professional": "university"},
        ),
        "an": make_person(dept, code="BN003", full_name="Lê Văn An", leadership="deputy"),
        "binh": make_person(
            dept,
            code="BN004",
            full_name="Phạm Thị Bình",
            gender="female",
            category="public_employee",
            qualifications={"professional": "college"},
        ),
        "duc": make_person(dept, code="BN005", full_name="Hoàng Minh Đức"),
        "dung": make_person(
            province.dung_liet,
            code="BN006",
            full_name="Đỗ Thị Dung",
            gender="female",
            on=dt.date(2019, 5, 1),
        ),
        "hn": make_person(province.ha_noi_dept, code="HN001", full_name="Vũ Văn Hải"),
    }
    post_set(
        actor=ACTOR,
        person=made["dung"],
        on=MERGER,
        post=PostFacts(unit_id=province.successor.pk, category="civil_servant"),
    )
    return SimpleNamespace(**made)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def user_with_grant(role: str, unit):
    from dtbd.accounts.models import Grant

    user = UserFactory()
    user.save()  # the factory sets the password after saving; keep it, or sessions break
    Grant.objects.create(user=user, role=role, unit=unit)
    return user
