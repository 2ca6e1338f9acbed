"""The people list: search without diacritics, Vietnamese order, filters, pages, htmx."""

import datetime as dt

import pytest

from tests.factories import make_person
from tests.web.conftest import user_with_grant

pytestmark = pytest.mark.django_db

GIVEN = ["Anh", "Bảo", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Mai", "Nam"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Quang", "Ngọc", "Thu"]


def many_names(count: int, family: str = "Nguyễn") -> list[str]:
    """`count` distinct names without digits (the registry refuses digits in names)."""
    names = [f"{family} {m} {g}" for m in MIDDLE for g in GIVEN]
    assert count <= len(names)
    return names[:count]


def _names(response):
    return [post.person.full_name for post in response.context["page"].object_list]


def test_list_is_in_vietnamese_name_order(admin_client, people):
    response = admin_client.get("/people/")
    assert response.status_code == 200
    # By given name: An, Ánh, Bình, Cừ, Dung, Đức, Hải.
    assert _names(response) == [
        "Lê Văn An",
        "Trần Thị Ánh",
        "Phạm Thị Bình",
        "Nguyễn Văn Cừ",
        "Đỗ Thị Dung",
        "Hoàng Minh Đức",
        "Vũ Văn Hải",
    ]
    html = response.content.decode()
    assert "7 người" in html
    assert 'href="/people/BN001/"' in html
    row = html[html.index(">BN002<") :]
    row = row[: row.index("</tr>")]
    for cell in ("Trần Thị Ánh", "02/03/1990", "Nữ", "Sở Nội vụ", "Công chức"):
        assert cell in row


def test_search_ignores_diacritics(admin_client, people):
    assert _names(admin_client.get("/people/?q=nguyen+van+cu")) == ["Nguyễn Văn Cừ"]
    assert _names(admin_client.get("/people/?q=NGUYỄN+Văn+Cừ")) == ["Nguyễn Văn Cừ"]


def test_search_d_finds_dj(admin_client, people):
    assert _names(admin_client.get("/people/?q=duc")) == ["Hoàng Minh Đức"]
    assert _names(admin_client.get("/people/?q=do+thi")) == ["Đỗ Thị Dung"]


def test_search_by_person_code(admin_client, people):
    assert _names(admin_client.get("/people/?q=BN004")) == ["Phạm Thị Bình"]


def test_filters_narrow_the_list(admin_client, people):
    assert _names(admin_client.get("/people/?level=commune")) == ["Đỗ Thị Dung"]
    assert _names(admin_client.get("/people/?category=public_employee")) == ["Phạm Thị Bình"]
    assert _names(admin_client.get("/people/?leadership=head")) == ["Nguyễn Văn Cừ"]
    female = _names(admin_client.get("/people/?unit=27.SNV&category=civil_servant"))
    assert female == ["Lê Văn An", "Trần Thị Ánh", "Hoàng Minh Đức"]


def test_unit_filter_takes_the_subtree(admin_client, people):
    response = admin_client.get("/people/?unit=27")
    assert len(_names(response)) == 6
    assert "Vũ Văn Hải" not in _names(response)
    assert "thuộc Tỉnh Bắc Ninh và các đơn vị trực thuộc" in response.content.decode()


def test_unknown_unit_code_is_a_form_error_not_a_crash(admin_client, people):
    response = admin_client.get("/people/?unit=nope")
    assert response.status_code == 200
    assert "Không có đơn vị nào mang mã này." in response.content.decode()
    assert len(_names(response)) == 7


def test_qualification_filter_means_at_least_that_level(admin_client, people):
    names = _names(admin_client.get("/people/?dimension=professional&at_least=university"))
    assert names == ["Trần Thị Ánh", "Nguyễn Văn Cừ"]  # master counts as university or higher
    names = _names(admin_client.get("/people/?dimension=professional&at_least=college"))
    assert names == ["Trần Thị Ánh", "Phạm Thị Bình", "Nguyễn Văn Cừ"]


def test_a_level_of_another_dimension_is_ignored(admin_client, people):
    """Changing the dimension sends the old level along; it means "any level", no error."""
    response = admin_client.get("/people/?dimension=it&at_least=university")
    assert response.status_code == 200
    assert len(_names(response)) == 7
    assert not response.context["form"].errors


def test_at_least_options_follow_the_dimension(admin_client):
    """Picking a dimension refreshes the results and, out of band, the levels to choose from."""
    response = admin_client.get(
        "/people/?dimension=political_theory", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    select = html[html.index('<select name="at_least"') :]
    select = select[: select.index("</select>")]
    assert 'hx-swap-oob="true"' in select and "disabled" not in select
    assert 'value="advanced"' in select and "Cao cấp (hoặc cử nhân)" in select
    assert 'value="none"' not in select
    page = admin_client.get("/people/").content.decode()
    assert "hx-swap-oob" not in page
    at_least = page[page.index('<select name="at_least"') :]
    assert "disabled" in at_least[: at_least.index(">")]


def test_as_of_date_shows_who_was_in_post_then(admin_client, people):
    names = _names(admin_client.get("/people/?on=2019-06-01"))
    assert names == ["Đỗ Thị Dung"]  # the others started in 2020
    response = admin_client.get("/people/?on=2022-01-01&unit=256")
    assert _names(response) == ["Đỗ Thị Dung"]


def test_htmx_request_gets_only_the_results(admin_client, people):
    response = admin_client.get("/people/?q=an", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    full = admin_client.get("/people/?q=an").content.decode()
    assert "<html" in full and 'hx-push-url="true"' in full and 'hx-target="#results"' in full


def test_pagination_is_fifty_a_page_with_the_total(admin_client, province):
    for i, name in enumerate(many_names(60)):
        make_person(province.home_affairs, code=f"X{i:03d}", full_name=name)
    first = admin_client.get("/people/")
    page = first.context["page"]
    assert page.paginator.count == 60 and len(page.object_list) == 50
    html = first.content.decode()
    assert "60 người" in html
    assert 'href="?page=2"' in html
    second = admin_client.get("/people/?page=2&q=nguyen")
    assert len(second.context["page"].object_list) == 10
    assert 'href="?page=1&amp;q=nguyen"' in second.content.decode()


def test_list_queries_do_not_grow_with_the_page(
    admin_client, province, django_assert_max_num_queries
):
    for i, name in enumerate(many_names(60, "Trần")):
        make_person(province.home_affairs, code=f"Y{i:03d}", full_name=name, on=dt.date(2021, 1, 1))
    # session, user, count, one page of rows: the same whatever the page holds
    with django_assert_max_num_queries(4):
        response = admin_client.get("/people/")
    assert len(response.context["page"].object_list) == 50
    # and the unit filter: the unit by code, its name on the date, the subtree's unit ids
    with django_assert_max_num_queries(6):
        admin_client.get("/people/?unit=27&dimension=professional&at_least=college")


def test_list_queries_are_bounded_for_a_scoped_user(
    client, province, django_assert_max_num_queries
):
    for i, name in enumerate(many_names(55, "Lê")):
        make_person(province.home_affairs, code=f"Z{i:03d}", full_name=name)
    client.force_login(user_with_grant("viewer", province.bac_ninh))
    # a grant adds the self-grant lookup, the navbar's write check and the granted unit ids
    with django_assert_max_num_queries(7):
        response = client.get("/people/")
    assert response.context["page"].paginator.count == 55


def test_a_scoped_user_sees_only_people_of_their_units(client, people, province):
    client.force_login(user_with_grant("viewer", province.ha_noi))
    assert _names(client.get("/people/")) == ["Vũ Văn Hải"]


def test_a_bad_date_or_page_does_not_break_the_list(admin_client, people, today):
    response = admin_client.get("/people/?on=2022-13-40&page=abc")
    assert response.status_code == 200
    assert response.context["on"] == today
    assert response.context["page"].number == 1
    assert "is-invalid" in response.content.decode()
