"""Two provinces for the account tests, and users with grants on them.

27 Tỉnh Bắc Ninh (province)                 01 Thành phố Hà Nội (province)
├── 27.SNV Sở Nội vụ        Nguyễn Văn Cừ    └── 01.SNV Sở Nội vụ Hà Nội   Vũ Văn Hải
└── 256 Huyện Yên Phong
    └── 09193 Xã Dũng Liệt  Đỗ Thị Dung
"""

from types import SimpleNamespace

import pytest

from dtbd.accounts.models import Grant
from tests.factories import UserFactory, make_person, make_unit

PASSWORD = "pw-user-123"


@pytest.fixture
def land(db):
    bac_ninh = make_unit("27", name="Tỉnh Bắc Ninh", level="province", kind="area")
    snv = make_unit("27.SNV", name="Sở Nội vụ", level="province", parent=bac_ninh)
    yen_phong = make_unit(
        "256", name="Huyện Yên Phong", level="district", kind="area", parent=bac_ninh
    )
    dung_liet = make_unit(
        "09193", name="Xã Dũng Liệt", level="commune", kind="area", parent=yen_phong
    )
    ha_noi = make_unit("01", name="Thành phố Hà Nội", level="province", kind="area")
    ha_noi_snv = make_unit("01.SNV", name="Sở Nội vụ Hà Nội", level="province", parent=ha_noi)
    return SimpleNamespace(
        bac_ninh=bac_ninh,
        snv=snv,
        yen_phong=yen_phong,
        dung_liet=dung_liet,
        ha_noi=ha_noi,
        ha_noi_snv=ha_noi_snv,
        cu=make_person(snv, code="BN001", full_name="Nguyễn Văn Cừ"),
        dung=make_person(dung_liet, code="BN002", full_name="Đỗ Thị Dung", gender="female"),
        hai=make_person(ha_noi_snv, code="HN001", full_name="Vũ Văn Hải"),
    )


def user_with(role: str, unit=None, *, username: str | None = None, person=None):
    """A user holding one grant (password PASSWORD), made directly: the fixture's own setup."""
    user = UserFactory(**({"username": username} if username else {}))
    user.save()  # the factory sets the password after saving; keep it
    Grant.objects.create(user=user, role=role, unit=unit, person=person)
    return user


@pytest.fixture
def province_admin(land):
    """The administrator of Bắc Ninh."""
    return user_with("admin", land.bac_ninh, username="qt.bacninh")


@pytest.fixture
def province_client(client, province_admin):
    client.force_login(province_admin)
    return client
