"""A class from planned to closed in a real browser: creation, nomination, approval,
timetable, attendance, results, certificates, and the raised level on the person's page."""

import pytest
from playwright.sync_api import expect

from dtbd.training.models import Certificate
from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.browser


def test_a_class_is_run_from_planned_to_closed_through_the_web(page, officer):
    root = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    make_unit("08.BTC", name="Ban Tổ chức Tỉnh ủy", kind="party", parent=root)
    make_unit("08.TCT", name="Trường Chính trị tỉnh", kind="training_institution", parent=root)
    kp = make_unit("08.KP", name="Xã Kim Phú", level="commune", kind="area", parent=root)
    make_person(
        kp,
        code="P-DAO",
        full_name="Trần Thị Đào",
        gender="female",
        qualifications={"political_theory": "basic"},
    )
    log_in(page)

    page.goto("/training/")
    page.get_by_role("link", name="Mở lớp mới").click()
    page.locator("#id_course_code").fill("TCLLCT-K24")
    page.locator("#id_name").fill("Trung cấp lý luận chính trị K24")
    page.locator("#id_program_category").select_option("political_theory_intermediate")
    page.locator("#id_organizer_unit").fill("08.BTC")
    page.locator("#id_institution").fill("08.TCT")
    page.locator("#id_start_date").fill("2024-03-01")
    page.locator("#id_end_date").fill("2024-09-30")
    page.locator("#id_capacity").fill("40")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở lớp.")
    expect(page.locator("#course-status")).to_have_text("Dự kiến")

    page.locator("#next-status").click()
    expect(page.locator("#course-status")).to_have_text("Đang nhận cử đi học")
    page.get_by_role("link", name="Cử đi học").click()
    page.locator("#id_person").fill("P-DAO")
    page.locator("#id_sending_unit").select_option(label="08.KP — Xã Kim Phú")
    page.locator("#id_decision_no").fill("45/QĐ-UBND")
    page.locator("#id_decision_date").fill("2024-02-20")
    page.locator("form").get_by_role("button", name="Cử đi học").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã cử Trần Thị Đào đi học.")
    expect(page.locator("#waiting")).to_contain_text("Trần Thị Đào")
    page.locator("#approve-waiting").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã duyệt 1 người.")

    page.locator("#next-status").click()
    expect(page.locator("#course-status")).to_have_text("Đang học")
    form = page.locator("#session-form")
    form.locator("#id_date").fill("2024-03-01")
    form.locator("#id_topic").fill("Chủ nghĩa Mác - Lênin")
    form.get_by_role("button", name="Thêm buổi học").click()
    expect(page.locator("#sessions")).to_contain_text("Chủ nghĩa Mác - Lênin")
    page.locator("#sessions").get_by_role("link", name="Điểm danh").click()
    page.get_by_label("Trần Thị Đào: Có mặt").check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu điểm danh.")
    expect(page.locator("#learners")).to_contain_text("1/1")

    page.get_by_role("link", name="Kết quả học tập").click()
    page.get_by_label("Điểm: Trần Thị Đào").fill("8,5")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "1 học viên hoàn thành, 0 không đạt; đã cấp 1 chứng chỉ."
    )
    expect(page.locator("#learners")).to_contain_text("00001/2024/08.TCT")
    page.locator("#next-status").click()
    expect(page.locator("#course-status")).to_have_text("Đã bế giảng")

    page.locator("#learners").get_by_role("link", name="Trần Thị Đào").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trần Thị Đào")
    expect(page.locator("#held")).to_contain_text("Trung cấp")
    expect(page.locator("#qualifications")).to_contain_text("TCLLCT-K24")

    token = Certificate.objects.get().token
    page.goto(f"/training/verify/{token}/")
    expect(page.locator("#verdict")).to_contain_text("Chứng chỉ hợp lệ")
    expect(page.locator("#verdict")).to_contain_text("Trần Thị Đào")
