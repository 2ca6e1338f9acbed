"""Browser journeys of careers: a rotation with two reviews, and a unit's assessment round."""

import datetime as dt

import pytest

from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

D = dt.date
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rules(transactional_db):
    """The dated rules are seeded by migrations, which a flush between live-server tests
    removes: put them back."""
    from importlib import import_module

    from django.apps import apps

    from dtbd.careers.models import CareerRule

    if not CareerRule.objects.exists():
        for name in ("0002_seed_rules", "0003_discipline_rule"):
            import_module(f"dtbd.careers.migrations.{name}").seed(apps, None)


@pytest.fixture
def province(transactional_db, rules):
    root = make_unit("T08", name="Tỉnh Tuyên Quang", kind="area")
    snv = make_unit("T08.SNV", name="Sở Nội vụ", parent=root)
    stc = make_unit("T08.STC", name="Sở Tài chính", parent=root)
    return root, snv, stc


def test_a_rotation_with_two_reviews(page, officer, province):
    from dtbd.careers.pool import (
        pool_candidate_add,
        pool_post_add,
        pool_post_approve,
        pool_term_create,
    )
    from dtbd.people.selectors import holdings_on

    root, snv, stc = province
    person = make_person(snv, code="PHO01", full_name="Lê Văn Bình", leadership="deputy")
    other = make_person(snv, code="PHO02", full_name="Lê Thị Cúc", leadership="deputy")
    term = pool_term_create(
        actor="tests", code="QH", name="Quy hoạch 2025–2030", unit_id=root.pk,
        start=D(2025, 1, 1), end=D(2030, 12, 31),
    )  # fmt: skip
    post = pool_post_add(
        actor="tests", term=term, unit_id=snv.pk, leadership="head", title="Giám đốc Sở Nội vụ"
    )
    for p in (person, other):
        pool_candidate_add(actor="tests", post=post, person=p)
    pool_post_approve(actor="tests", post=post, decision_no="50-QĐ/TU", decided_on=D(2025, 2, 1))

    log_in(page)
    page.goto("/careers/rotations/new/")
    page.locator("#person_code").fill("PHO01")
    page.locator("#to_unit_code").fill("T08.STC")
    page.locator("#to_leadership").select_option("deputy")
    page.locator("#direction").select_option("between_bodies")
    page.locator("#decision_no").fill("101-QĐ/TU")
    page.locator("#decision_date").fill("20/12/2025")
    page.locator("#start").fill("01/01/2026")
    page.locator("#rotation-form button[type=submit]").click()
    page.wait_for_url("**/careers/rotations/*/")
    assert "31/12/2028" in page.locator("#rotation-facts").inner_text()
    for due, done in (("2026-07-01", "03/07/2026"), ("2027-01-01", "04/01/2027")):
        row = page.locator(f"#reviews tr[data-due='{due}']")
        row.locator("input[name=done_on]").fill(done)
        row.locator("input[name=notes]").fill("Hoàn thành tốt nhiệm vụ")
        with page.expect_navigation():
            row.locator("button").click()
        assert page.locator(f"#reviews tr[data-due='{due}'] .done").inner_text() == done
    page.screenshot(path="/tmp/careers-rotation.png", full_page=True)
    assert holdings_on(D(2025, 12, 31)).get(person=person).unit_id == snv.pk
    assert holdings_on(D(2026, 1, 1)).get(person=person).unit_id == stc.pk

    # The rotation ends early: back to the post of origin, seen on the career timeline.
    end = page.locator("#end-form")
    end.locator("[name=ended_on]").fill("30/06/2027")
    end.locator("[name=outcome]").select_option("returned")
    end.locator("[name=note]").fill("Hoàn thành nhiệm vụ luân chuyển")
    with page.expect_navigation():
        end.locator("button").click()
    facts = page.locator("#rotation-facts").inner_text()
    assert "Trở về vị trí công tác cũ (30/06/2027)" in facts
    assert page.locator("#end-form").count() == 0
    page.goto("/careers/people/PHO01/")
    ended = page.locator("#timeline li[data-kind='rotation_end']")
    assert "Trở về vị trí công tác cũ" in ended.inner_text()
    assert "30/06/2027" in ended.inner_text() and "Kết thúc luân chuyển" in ended.inner_text()
    assert "Hoàn thành nhiệm vụ luân chuyển" in ended.inner_text()
    page.screenshot(path="/tmp/careers-timeline.png", full_page=True)
    assert holdings_on(D(2027, 6, 30)).get(person=person).unit_id == stc.pk
    assert holdings_on(D(2027, 7, 1)).get(person=person).unit_id == snv.pk


def test_an_assessment_round_for_a_unit(page, officer, province):
    from dtbd.careers.models import Assessment

    _, snv, _ = province
    for i in range(6):
        make_person(snv, code=f"NV{i:02d}", full_name=f"Nguyễn Văn Số {chr(65 + i)}")

    log_in(page)
    page.goto("/careers/assessments/?unit=T08.SNV&year=2025")
    page.locator("select[name=rating_NV00]").select_option("excellent")
    page.locator("select[name=rating_NV01]").select_option("excellent")
    for i in range(2, 6):
        page.locator(f"select[name=rating_NV{i:02d}]").select_option("good")
    page.locator("#decision_no").fill("15/QĐ-SNV")
    with page.expect_navigation():
        page.locator("#round-form button[type=submit]").click()
    body = page.locator("main").inner_text()
    assert "excellent_quota_percent" in body and "90/2020" in body
    assert not Assessment.objects.exists()  # the breach saved nothing

    page.locator("select[name=rating_NV01]").select_option("good")
    with page.expect_navigation():
        page.locator("#round-form button[type=submit]").click()
    assert page.locator("#round-summary strong[data-rating=excellent]").inner_text() == "1"
    assert page.locator("#round-summary strong[data-rating=good]").inner_text() == "5"
    page.screenshot(path="/tmp/careers-round.png", full_page=True)
    assert Assessment.objects.filter(year=2025).count() == 6


def test_a_planning_term_through_its_forms(page, officer, province):
    """Open a term, plan a post, propose two candidates (one refused over age on the way),
    approve them by decision, then take one out of the pool with a reason."""
    from dtbd.careers.models import PoolCandidate

    _root, snv, _stc = province
    make_person(snv, code="QH01", full_name="Trần Văn Một", birth_date=D(1985, 1, 1))
    make_person(snv, code="QH02", full_name="Phạm Thị Hai", gender="female")
    make_person(snv, code="QH03", full_name="Hoàng Văn Lão", birth_date=D(1966, 3, 1))

    log_in(page)
    page.goto("/careers/pool/")
    form = page.locator("#term-form")
    for name, value in (
        ("code", "QH2026"), ("name", "Quy hoạch 2026–2031"), ("unit_code", "T08"),
        ("start", "01/01/2026"), ("end", "31/12/2031"), ("decision_no", "12-QĐ/TU"),
    ):  # fmt: skip
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button").click()
    assert page.url.endswith("/careers/pool/QH2026/")
    assert "Giới hạn đang áp dụng" in page.locator("body").inner_text()
    post_form = page.locator("#post-form")
    post_form.locator("[name=unit_code]").fill("T08.SNV")
    post_form.locator("[name=leadership]").select_option("head")
    post_form.locator("[name=title]").fill("Giám đốc Sở Nội vụ")
    with page.expect_navigation():
        post_form.locator("button").click()
    card = page.locator("section[data-title='Giám đốc Sở Nội vụ']")
    for code in ("QH01", "QH03", "QH02"):
        card.locator(".add-candidate [name=person_code]").fill(code)
        with page.expect_navigation():
            card.locator(".add-candidate button").click()
        if code == "QH03":  # over the age for planning
            refusal = page.locator(".alert-danger").inner_text()
            assert "pool_months_before_retirement_min" in refusal
    assert card.locator("tr[data-person]").count() == 2
    card.locator(".approve [name=decision_no]").fill("15-QĐ/TU")
    card.locator(".approve [name=decided_on]").fill("05/01/2026")
    with page.expect_navigation():
        card.locator(".approve button").click()
    assert card.locator("tr[data-status='approved']").count() == 2
    row = card.locator("tr[data-person='QH01']")
    row.locator("[name=reason]").select_option("other")
    row.locator("[name=note]").fill("Chuyển công tác ngoài tỉnh")
    with page.expect_navigation():
        row.locator(".remove-form button").click()
    assert card.locator("tr[data-person='QH01']").get_attribute("data-status") == "removed"
    assert "Chuyển công tác ngoài tỉnh" in card.locator("tr[data-person='QH01']").inner_text()
    page.screenshot(path="/tmp/careers-pool.png", full_page=True)
    assert set(PoolCandidate.objects.values_list("person__code", "status")) == {
        ("QH01", "removed"),
        ("QH02", "approved"),
    }
