"""The unit tree on a date, expanded in place, and a unit's page."""

import pytest

from tests.web.conftest import user_with_grant

pytestmark = pytest.mark.django_db


def _codes(nodes):
    return [n.unit.code for n in nodes]


def test_tree_shows_the_top_units_expandable_over_htmx(admin_client, province):
    response = admin_client.get("/units/")
    assert response.status_code == 200
    # Same level and kind: by Vietnamese name, "Thành phố…" before "Tỉnh…".
    assert _codes(response.context["nodes"]) == ["01", "27"]
    html = response.content.decode()
    assert "Tỉnh Bắc Ninh" in html
    assert 'hx-get="/units/27/children/?on=' in html


def test_tree_as_of_2022_shows_the_district_that_ceased(admin_client, province):
    children = admin_client.get("/units/27/children/?on=2022-03-01", HTTP_HX_REQUEST="true")
    assert children.status_code == 200
    assert _codes(children.context["nodes"]) == ["27.SNV", "256"]
    assert "Huyện Yên Phong" in children.content.decode()
    assert "<html" not in children.content.decode()  # a fragment, not a page
    communes = admin_client.get("/units/256/children/?on=2022-03-01")
    assert _codes(communes.context["nodes"]) == ["09193"]


def test_tree_as_of_2026_shows_the_successor(admin_client, province):
    children = admin_client.get("/units/27/children/?on=2026-01-01")
    assert _codes(children.context["nodes"]) == ["27.SNV", "09194"]
    assert "Huyện Yên Phong" not in children.content.decode()


def test_tree_date_picker_defaults_to_today_and_keeps_the_chosen_date(
    admin_client, province, today
):
    page = admin_client.get("/units/")
    assert f'value="{today:%Y-%m-%d}"' in page.content.decode()
    page = admin_client.get("/units/?on=2022-03-01")
    html = page.content.decode()
    assert 'value="2022-03-01"' in html and "01/03/2022" in html


def test_unit_page_shows_path_history_children_and_people_link(admin_client, province):
    from dtbd.organisation.services import unit_update

    unit_update(
        actor="tests",
        unit=province.home_affairs,
        on=province.successor.valid_from,
        name="Sở Nội vụ tỉnh Bắc Ninh",
    )
    response = admin_client.get("/units/27.SNV/?on=2022-01-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert [v.unit.code for v in response.context["path"]] == ["27"]
    history = list(response.context["history"])
    assert [v.name for v in history] == ["Sở Nội vụ tỉnh Bắc Ninh", "Sở Nội vụ"]
    table = html[
        html.index('id="unit-history"') : html.index("</table>", html.index("unit-history"))
    ]
    assert "30/06/2025" in table and "01/07/2025" in table and "hiện nay" in table
    assert "1900" not in table and "9999" not in table  # the sentinels never show
    assert 'href="/people/?unit=27.SNV&amp;on=2022-01-01"' in html


def test_unit_page_of_a_ceased_unit_shows_it_as_it_last_was(admin_client, province):
    response = admin_client.get("/units/256/")
    assert response.status_code == 200
    assert str(response.context["on"]) == "2025-06-30"
    html = response.content.decode()
    assert "Xã Dũng Liệt" in html  # its children as they were then
    assert "không tồn tại vào ngày" in html


def test_unit_outside_the_grant_is_not_found(client, province):
    client.force_login(user_with_grant("viewer", province.ha_noi))
    assert client.get("/units/27/").status_code == 404
    assert client.get("/units/27/children/").status_code == 404
    assert client.get("/units/does-not-exist/").status_code == 404
    tree = client.get("/units/")
    assert _codes(tree.context["nodes"]) == ["01"]


def test_a_path_stops_at_the_units_the_user_may_see(client, province):
    client.force_login(user_with_grant("viewer", province.home_affairs))
    response = client.get("/units/27.SNV/")
    assert response.status_code == 200
    assert response.context["path"] == []
    assert "Tỉnh Bắc Ninh" not in response.content.decode()


def test_a_bad_date_falls_back_to_today_with_a_warning(admin_client, province, today):
    response = admin_client.get("/units/?on=31/02/2022")
    assert response.status_code == 200
    assert response.context["on"] == today
    assert "alert-warning" in response.content.decode()
