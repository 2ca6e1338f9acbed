"""A person's page: details, posts and qualifications over time, and the audit history."""

import datetime as dt

import pytest

from dtbd.people.services import qualification_set
from tests.factories import ACTOR
from tests.web.conftest import user_with_grant
from tests.web.markup import text_of

pytestmark = pytest.mark.django_db


def test_person_page_shows_details_and_current_post(admin_client, people):
    response = admin_client.get("/people/BN001/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Nguyễn Văn Cừ</h1>' in html
    assert "15/06/1985" in html and "Nam" in html
    assert response.context["current_post"].unit_name == "Sở Nội vụ"
    assert "Cán bộ" in html and "Cấp trưởng" in html
    held = text_of(html, "held")
    assert "Thạc sĩ" in held and "Cao cấp (hoặc cử nhân)" in held and "Chưa có" in held


def test_posts_over_time_show_the_merger(admin_client, people):
    html = admin_client.get("/people/BN006/").content.decode()
    posts = text_of(html, "posts")
    # Newest first: the successor commune from the merger, then the commune that ceased.
    assert posts.index("Xã Yên Phong") < posts.index("Xã Dũng Liệt")
    for text in ("01/07/2025", "hiện nay", "01/05/2019", "30/06/2025"):
        assert text in posts
    assert "9999" not in posts and "1900" not in posts


def test_qualifications_over_time_with_source_and_validity(admin_client, people):
    qualification_set(
        actor=ACTOR,
        person=people.cu,
        dimension="professional",
        level="doctorate",
        on=dt.date(2024, 9, 1),
        source="course",
        source_ref="Lớp nghiên cứu sinh 2020",
        certificate_no="TS-0042",
        institution="Học viện Chính trị quốc gia Hồ Chí Minh",
    )
    html = admin_client.get("/people/BN001/").content.decode()
    table = text_of(html, "qualifications")
    assert "Trình độ chuyên môn" in table and "Lý luận chính trị" in table
    assert (
        "Tiến sĩ 01/09/2024 hiện nay Khóa học Lớp nghiên cứu sinh 2020 TS-0042 "
        "Học viện Chính trị quốc gia Hồ Chí Minh Thạc sĩ 01/01/2020 31/08/2024 Nhập trực tiếp"
    ) in table


def test_audit_history_lists_the_changes(admin_client, people):
    html = admin_client.get("/people/BN006/").content.decode()
    audit = text_of(html, "audit")
    assert "Tạo hồ sơ" in audit
    assert audit.count("Thay đổi vị trí công tác") == 2
    assert "tests" in audit  # who did it


def test_person_outside_the_grant_is_not_found(client, people, province):
    client.force_login(user_with_grant("viewer", province.ha_noi))
    assert client.get("/people/HN001/").status_code == 200
    outside = client.get("/people/BN001/")
    missing = client.get("/people/NOBODY/")
    assert outside.status_code == missing.status_code == 404
    assert "Không tìm thấy" in outside.content.decode()
    assert "Nguyễn Văn Cừ" not in outside.content.decode()


def test_unit_page_links_to_the_people_of_its_subtree(admin_client, people):
    html = admin_client.get("/units/27/?on=2022-01-01").content.decode()
    link = 'href="/people/?unit=27&amp;on=2022-01-01"'
    assert link in html
    response = admin_client.get("/people/?unit=27&on=2022-01-01")
    assert "Đỗ Thị Dung" in [p.person.full_name for p in response.context["page"].object_list]


def test_the_person_page_shows_the_rooms_panels_and_links(admin_client, people):
    """Training history (the training room's panel) and buttons to the person's standards
    gaps and career timeline, registered by those rooms."""
    from django.urls import reverse

    code = people.cu.code
    page = admin_client.get(f"/people/{code}/").content.decode()
    assert 'id="training-history"' in page
    assert "Quá trình bồi dưỡng" in page and "Chưa có lớp học nào." in page
    assert reverse("standards:person", args=[code]) in page
    assert reverse("careers:timeline", args=[code]) in page
