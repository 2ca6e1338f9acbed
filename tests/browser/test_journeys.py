"""What a province officer does, in a real browser."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/dtbd-people-list.png"

NAMES = [
    "Nguyễn Văn Cừ",
    "Trần Thị Ánh",
    "Lê Văn An",
    "Phạm Thị Bình",
    "Hoàng Minh Đức",
    "Đỗ Thị Dung",
    "Vũ Thị Hạnh",
    "Bùi Quang Huy",
    "Đặng Ngọc Lan",
    "Ngô Thanh Long",
    "Dương Thị Mai",
    "Lý Văn Nam",
    "Hồ Thị Ngọc",
    "Phan Văn Phúc",
    "Võ Thị Quyên",
    "Trịnh Văn Sơn",
    "Đinh Thị Thảo",
    "Mai Văn Tùng",
    "Tạ Thị Uyên",
    "Lương Văn Vinh",
]


def _province():
    province = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    home_affairs = make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=province)
    education = make_unit(
        "08.SGD", name="Sở Giáo dục và Đào tạo", level="province", parent=province
    )
    commune = make_unit(
        "02215", name="Xã Minh Quang", level="commune", kind="area", parent=province
    )
    units = [home_affairs, education, commune]
    for i, name in enumerate(NAMES):
        make_person(
            units[i % 3],
            code=f"TQ{i + 1:04d}",
            full_name=name,
            gender="female" if " Thị " in name else "male",
            birth_date=dt.date(1970 + i, 1 + i % 12, 1 + i),
            category=["civil_servant", "public_employee", "cadre"][i % 3],
            leadership="head" if i == 0 else ("deputy" if i % 7 == 3 else "none"),
            qualifications={"professional": "university"},
        )
    return province


def test_tree_then_people_search_then_a_person(page, officer):
    _province()
    log_in(page)

    page.get_by_role("link", name="Đơn vị").first.click()
    expect(page.get_by_role("heading", name="Cây tổ chức")).to_be_visible()
    page.get_by_role("button", name="Hiện các đơn vị trực thuộc Tỉnh Tuyên Quang").click()
    tree = page.locator("#unit-tree")
    expect(tree.get_by_role("link", name="Sở Nội vụ")).to_be_visible()
    expect(tree.get_by_role("link", name="Xã Minh Quang")).to_be_visible()
    # A second click folds the branch without asking the server again.
    page.get_by_role("button", name="Hiện các đơn vị trực thuộc Tỉnh Tuyên Quang").click()
    expect(tree.get_by_role("link", name="Sở Nội vụ")).to_be_hidden()

    page.get_by_role("link", name="Nhân sự").first.click()
    expect(page.locator("#result-count")).to_contain_text("20 người")
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_contain_text("Lê Văn An")  # by given name: An first
    page.screenshot(path=SCREENSHOT, full_page=False)

    page.get_by_label("Tìm kiếm").fill("nguyen van cu")
    expect(page.locator("#result-count")).to_contain_text("1 người")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Văn Cừ")
    # The address is shareable and says only what was chosen.
    expect(page).to_have_url(
        re.compile(r"/people/\?q=nguyen(%20|\+)van(%20|\+)cu&on=\d{4}-\d\d-\d\d$")
    )

    page.get_by_role("link", name="Nguyễn Văn Cừ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn Cừ")
    expect(page.locator("#posts")).to_contain_text("Sở Nội vụ")
    expect(page.locator("#held")).to_contain_text("Đại học")


def test_upload_with_an_error_then_the_corrected_file(page, officer, tmp_path):
    _province()
    header = "person_code,full_name,birth_date,gender,unit_code,category\n"
    bad = tmp_path / "can-bo.csv"
    bad.write_text(
        header
        + "TQ9001,Nguyễn Thị Hoa,1988-04-05,female,08.SNV,civil_servant\n"
        + "TQ9002,Trần Văn Khoa,1990-07-08,male,08.KHONGCO,civil_servant\n",
        encoding="utf-8",
    )
    good = tmp_path / "can-bo-da-sua.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("08.KHONGCO", "08.SGD"), "utf-8")
    log_in(page)

    page.get_by_role("link", name="Nhập, xuất dữ liệu").first.click()
    page.get_by_label("Loại dữ liệu").first.select_option("people")
    page.get_by_label("Tệp", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator("#job-summary")).to_contain_text("Tệp bị từ chối")
    expect(page.locator("#job-errors")).to_contain_text("can-bo.csv:3:unit_code:")

    page.get_by_role("link", name="Tải lên tệp khác").click()
    page.get_by_label("Loại dữ liệu").first.select_option("people")
    page.get_by_label("Tệp", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator("#job-summary")).to_contain_text("tạo mới 2, cập nhật 0, không đổi 0")

    page.goto("/people/?q=hoa")
    expect(page.locator("#results")).to_contain_text("Nguyễn Thị Hoa")


def test_qualification_filter_offers_the_levels_of_the_chosen_dimension(page, officer):
    province = _province()
    make_person(
        province,
        code="TQ0999",
        full_name="Nông Văn Thạc",
        qualifications={"professional": "master"},
    )
    log_in(page)
    page.goto("/people/")
    at_least = page.get_by_label("Từ mức")
    expect(at_least).to_be_disabled()
    page.get_by_label("Trình độ", exact=True).select_option("professional")
    expect(at_least).to_be_enabled()
    at_least.select_option("master")
    expect(page.locator("#result-count")).to_contain_text("1 người")
    expect(page.locator("#results tbody tr").first).to_contain_text("Nông Văn Thạc")
    expect(page).to_have_url(re.compile(r"dimension=professional&at_least=master"))
