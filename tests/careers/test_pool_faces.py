"""Planning pool on the web and through the API: a term, its posts, candidates within the
limits, approval by decision and removal with a reason, within the caller's units."""

import datetime as dt
import html

import pytest
from django.test import Client

from dtbd.accounts.models import Grant
from dtbd.audit.models import AuditEvent
from dtbd.careers.models import PoolCandidate, PoolPost, PoolTerm
from dtbd.careers.pool import pool_post_add, pool_term_create
from tests.api.conftest import Api, session_api
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db
D = dt.date


def _user(role, unit):
    user = UserFactory()
    Grant.objects.create(user=user, role=role, unit=unit)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def term(province):
    return pool_term_create(
        actor="tests",
        code="QH2025",
        name="Quy hoạch 2025–2030",
        unit_id=province.pk,
        start=D(2025, 1, 1),
        end=D(2030, 12, 31),
    )


@pytest.fixture
def post(term, dept):
    return pool_post_add(
        actor="tests", term=term, unit_id=dept.pk, leadership="deputy", title="Phó Giám đốc Sở"
    )


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_manager_opens_a_term_and_plans_a_post(province, dept):
    client = _client(_user("manager", province))
    bad = client.post(
        "/careers/pool/",
        {"code": "QH", "name": "Quy hoạch", "unit_code": "T08", "start": "x", "end": "31/12/2030"},
    )
    assert bad.status_code == 200
    assert "Hãy nhập ngày bắt đầu nhiệm kỳ theo dạng dd/mm/yyyy." in _page(bad)
    assert not PoolTerm.objects.exists()
    response = client.post(
        "/careers/pool/",
        {
            "code": "QH2025",
            "name": "Quy hoạch 2025–2030",
            "unit_code": "T08",
            "start": "01/01/2025",
            "end": "31/12/2030",
            "decision_no": "12-QĐ/TU",
            "decision_date": "15/12/2024",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/careers/pool/QH2025/"
    term = PoolTerm.objects.get(code="QH2025")
    assert (term.unit, term.start, term.end, term.decision_no) == (
        province,
        D(2025, 1, 1),
        D(2030, 12, 31),
        "12-QĐ/TU",
    )
    added = client.post(
        "/careers/pool/QH2025/",
        {"action": "add_post", "unit_code": "T08.SNV", "leadership": "head", "title": "Giám đốc"},
    )
    assert added.status_code == 302
    assert PoolPost.objects.get(term=term).unit == dept
    page = _page(client.get("/careers/pool/QH2025/"))
    assert "Giám đốc" in page and "Giới hạn đang áp dụng" in page
    assert "2 đến 4 cán bộ cho mỗi chức danh" in page and "Quy định 50-QĐ/TW" in page
    assert "Nữ" in page  # the target's label, not its code


def test_candidates_within_the_limits_then_approved_by_decision(province, post, staff):
    client = _client(_user("manager", province))
    url = "/careers/pool/QH2025/"
    for person in staff[:4]:
        response = client.post(
            url, {"action": "add_candidate", "post": post.pk, "person_code": person.code}
        )
        assert response.status_code == 302
    fifth = client.post(url, {"action": "add_candidate", "post": post.pk, "person_code": "NV04"})
    page = _page(fifth)
    assert "already has 4 candidates; at most 4 per post" in page
    assert "rule pool_candidates_max, Quy định 50-QĐ/TW (2021)" in page
    assert post.candidates.count() == 4
    no_decision = client.post(
        url, {"action": "approve", "post": post.pk, "decided_on": "01/02/2025"}
    )
    assert "the approving decision number is required" in _page(no_decision)
    approved = client.post(
        url,
        {
            "action": "approve",
            "post": post.pk,
            "decision_no": "7-QĐ/TU",
            "decided_on": "01/02/2025",
        },
    )
    assert approved.status_code == 302
    assert set(post.candidates.values_list("status", "decision_no", "decided_on")) == {
        ("approved", "7-QĐ/TU", D(2025, 2, 1))
    }
    page = _page(client.get(url))
    assert "Đã phê duyệt" in page and "7-QĐ/TU" in page


def test_approval_needs_two_candidates(province, post, staff):
    client = _client(_user("manager", province))
    url = "/careers/pool/QH2025/"
    client.post(url, {"action": "add_candidate", "post": post.pk, "person_code": "NV00"})
    response = client.post(
        url,
        {
            "action": "approve",
            "post": post.pk,
            "decision_no": "7-QĐ/TU",
            "decided_on": "01/02/2025",
        },
    )
    assert "has 1 candidates; at least 2 per post (rule pool_candidates_min" in _page(response)
    assert post.candidates.get().status == "proposed"


def test_a_fourth_post_for_one_person_and_an_old_person_are_refused(term, province, dept, staff):
    client = _client(_user("manager", province))
    url = "/careers/pool/QH2025/"
    posts = [
        pool_post_add(
            actor="tests", term=term, unit_id=dept.pk, leadership="deputy", title=t, position_code=t
        )
        for t in ("P1", "P2", "P3", "P4")
    ]
    for p in posts[:3]:
        client.post(url, {"action": "add_candidate", "post": p.pk, "person_code": "NV00"})
    refused = client.post(
        url, {"action": "add_candidate", "post": posts[3].pk, "person_code": "NV00"}
    )
    assert "already planned for 3 posts" in _page(refused)
    assert "rule pool_posts_per_person_max" in _page(refused)
    old = make_person(dept, code="OLD1", full_name="Hoàng Văn Lão", birth_date=D(1966, 3, 1))
    refused = client.post(
        url, {"action": "add_candidate", "post": posts[3].pk, "person_code": old.code}
    )
    assert "less than 60 months" in _page(refused)
    assert "pool_months_before_retirement_min" in _page(refused)
    assert not posts[3].candidates.exists()


def test_a_candidate_is_removed_with_a_reason_and_audited(province, post, staff):
    client = _client(_user("manager", province))
    url = "/careers/pool/QH2025/"
    client.post(url, {"action": "add_candidate", "post": post.pk, "person_code": "NV00"})
    candidate = PoolCandidate.objects.get(post=post, person=staff[0])
    response = client.post(
        url,
        {
            "action": "remove",
            "candidate": candidate.pk,
            "removed_on": "01/06/2025",
            "reason": "other",
            "note": "Chuyển công tác",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.removal_reason, candidate.removed_on) == (
        "removed",
        "other",
        D(2025, 6, 1),
    )
    event = AuditEvent.objects.get(event="pool.candidate_removed")
    assert event.subject_key == "NV00" and event.data["note"] == "Chuyển công tác"
    again = client.post(
        url,
        {
            "action": "remove",
            "candidate": candidate.pk,
            "removed_on": "02/06/2025",
            "reason": "other",
        },
    )
    assert "the candidate was already removed" in _page(again)


def test_scope_of_the_pool_pages(term, post, province, dept, other_dept, staff):
    outsider = _client(_user("manager", other_dept))
    assert outsider.get("/careers/pool/QH2025/").status_code == 404
    assert "Quy hoạch 2025–2030" not in _page(outsider.get("/careers/pool/"))
    viewer = _client(_user("viewer", province))
    assert viewer.get("/careers/pool/QH2025/").status_code == 200
    refused = viewer.post(
        "/careers/pool/QH2025/", {"action": "add_candidate", "post": post.pk, "person_code": "NV00"}
    )
    assert refused.status_code == 403 and not post.candidates.exists()
    assert 'id="term-form"' not in _page(viewer.get("/careers/pool/"))
    # A department manager may not plan for a post of another department.
    own = _client(_user("manager", dept))
    assert own.get("/careers/pool/QH2025/").status_code == 404  # a provincial term


# --- the API ------------------------------------------------------------------------------


def test_api_pool_round_trip(province, dept, staff):
    api = session_api(_user("manager", province))
    body = {
        "code": "QH2025",
        "name": "Quy hoạch",
        "unit_code": "T08",
        "start": "2025-01-01",
        "end": "2030-12-31",
    }
    created = api.post("careers/pool-terms", body)
    assert created.status_code == 201, created.content
    assert api.post("careers/pool-terms", body).status_code == 422  # the code is taken
    term = api.post(
        "careers/pool-terms/QH2025/posts",
        {"unit_code": "T08.SNV", "leadership": "deputy", "title": "Phó Giám đốc Sở"},
    )
    assert term.status_code == 201
    post_id = term.json()["posts"][0]["id"]
    for person in staff[:4]:
        added = api.post(
            f"careers/pool-terms/QH2025/posts/{post_id}/candidates", {"person_code": person.code}
        )
        assert added.status_code == 201
    fifth = api.post(
        f"careers/pool-terms/QH2025/posts/{post_id}/candidates", {"person_code": "NV04"}
    )
    assert fifth.status_code == 422 and "pool_candidates_max" in fifth.content.decode()
    approved = api.post(
        f"careers/pool-terms/QH2025/posts/{post_id}/approve",
        {"decision_no": "7-QĐ/TU", "decided_on": "2025-02-01"},
    )
    assert approved.status_code == 200
    candidates = approved.json()["candidates"]
    assert {c["status"] for c in candidates} == {"approved"} and len(candidates) == 4
    first = candidates[0]["id"]
    removed = api.post(
        f"careers/pool-terms/QH2025/candidates/{first}/remove",
        {"removed_on": "2025-06-01", "reason": "appointed"},
    )
    assert removed.status_code == 200
    statuses = {c["id"]: c["status"] for c in removed.json()["candidates"]}
    assert statuses[first] == "removed"
    bad = api.post(
        f"careers/pool-terms/QH2025/candidates/{first}/remove",
        {"removed_on": "2025-06-01", "reason": "nonsense"},
    )
    assert bad.status_code == 422
    assert (
        api.post(
            "careers/pool-terms/QH2025/posts/999999/approve",
            {"decision_no": "x", "decided_on": "2025-02-01"},
        ).status_code
        == 404
    )


def test_api_pool_access(term, post, province, other_dept, staff):
    assert Api(Client()).post("careers/pool-terms/QH2025/posts", {}).status_code == 401
    viewer = session_api(_user("viewer", province))
    refused = viewer.post(
        f"careers/pool-terms/QH2025/posts/{post.pk}/candidates", {"person_code": "NV00"}
    )
    assert refused.status_code == 403
    outsider = session_api(_user("manager", other_dept))
    hidden = outsider.post(
        f"careers/pool-terms/QH2025/posts/{post.pk}/candidates", {"person_code": "NV00"}
    )
    assert hidden.status_code == 404
    assert not post.candidates.exists()


def test_the_term_page_does_not_query_per_post_or_candidate(term, province, dept, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dtbd.careers.pool import pool_candidate_add

    client = _client(_user("manager", province))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/careers/pool/QH2025/").status_code == 200
        return len(captured)

    first = pool_post_add(
        actor="tests", term=term, unit_id=dept.pk, leadership="head", title="Giám đốc"
    )
    pool_candidate_add(actor="tests", post=first, person=staff[0])
    few = queries()
    for i, title in enumerate(("Phó 1", "Phó 2")):
        post = pool_post_add(
            actor="tests", term=term, unit_id=dept.pk, leadership="deputy", title=title,
            position_code=title,
        )  # fmt: skip
        for person in staff[1 + 3 * i : 4 + 3 * i]:
            pool_candidate_add(actor="tests", post=post, person=person)
    assert queries() == few
