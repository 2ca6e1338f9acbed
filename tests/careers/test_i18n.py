"""Careers pages are Vietnamese first, in the administrative terms officers use."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.careers.assessments import RatingIn, assessment_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CATALOGUE = Path(__file__).parents[2] / "src/dtbd/careers/locale/vi/LC_MESSAGES/django.po"


@pytest.fixture
def client(dept):
    user = UserFactory()
    Grant.objects.create(user=user, role="manager", unit=dept)
    client = Client()
    client.force_login(user)
    return client


def test_careers_pages_are_vietnamese_by_default(client, staff):
    assessment_round(
        actor="test",
        year=2024,
        ratings=[RatingIn(staff[0], "good"), RatingIn(staff[1], "completed")],
        decided_on=dt.date(2024, 12, 20),
    )
    index = client.get("/careers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in index
    assert "Cán bộ đang luân chuyển" in index and "Luân chuyển mới" in index
    round_page = client.get("/careers/assessments/", {"unit": "T08.SNV", "year": 2024})
    html = round_page.content.decode()
    assert "Đánh giá, xếp loại chất lượng" in html
    for label in ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"):
        assert label in html
    assert "Không hoàn thành nhiệm vụ" in html and "Excellently" not in html
    records = client.get("/careers/records/").content.decode()
    for word in ("Khen thưởng, kỷ luật", "Khiển trách", "Cảnh cáo", "Cách chức"):
        assert word in records
    assert "Quy hoạch" in client.get("/careers/pool/").content.decode()
    timeline = client.get(f"/careers/people/{staff[0].code}/").content.decode()
    assert f"Quá trình công tác của {staff[0].full_name}" in timeline
    assert "Xếp loại chất lượng" in timeline and "Hoàn thành tốt nhiệm vụ" in timeline


def test_careers_pages_in_english_on_request(client, staff):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/careers/").content.decode()
    assert "Rotations under way" in html and "Cán bộ đang luân chuyển" not in html


def test_every_message_of_the_catalogue_is_translated():
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first is the header
    untranslated = [e for e in entries if re.search(r'^msgstr ""\Z', e.strip(), re.M)]
    assert not [e for e in entries if "#, fuzzy" in e]
    assert untranslated == []
