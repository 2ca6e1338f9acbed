"""Vietnamese first, English on request; Vietnamese dates and numbers."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_by_default(admin_client, people):
    html = admin_client.get("/people/").content.decode()
    assert '<html lang="vi">' in html
    assert "Họ và tên" in html and "Công chức" in html


def test_language_switch_to_english_and_back(admin_client, people):
    response = admin_client.post("/i18n/setlang/", {"language": "en", "next": "/people/?q=an"})
    assert response.status_code == 302 and response["Location"] == "/people/?q=an"
    html = admin_client.get("/people/").content.decode()
    assert '<html lang="en">' in html
    assert "Full name" in html and "Civil servant" in html and "Head" in html
    assert "15/06/1985" in html  # dd/mm/yyyy in English too
    assert "Họ và tên" not in html
    admin_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Họ và tên" in admin_client.get("/people/").content.decode()


def test_navbar_offers_each_language_in_its_own_name(admin_client):
    html = admin_client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert ">Tiếng Việt</button>" in html and ">English</button>" in html


def test_vietnamese_numbers_and_dates():
    template = Template("{% load humanize ui %}{{ n|intcomma }} {{ d|day }} [{{ end|until }}]")
    context = Context({"n": 7229, "d": dt.date(2022, 3, 1), "end": dt.date(9999, 12, 31)})
    with translation.override("vi"):
        assert template.render(context) == "7.229 01/03/2022 [hiện nay]"
    with translation.override("en"):
        assert template.render(context) == "7,229 01/03/2022 [present]"


def test_sentinel_dates_are_blank():
    template = Template("{% load ui %}[{{ a|day }}][{{ b|day }}][{{ c|until }}]")
    context = Context(
        {"a": dt.date(1900, 1, 1), "b": dt.date(9999, 12, 31), "c": dt.date(1900, 1, 1)}
    )
    assert template.render(context) == "[][][]"


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(admin_client):
    """Accept-Language is ignored; only the user's own choice changes the language."""
    html = admin_client.get("/people/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = admin_client.get("/people/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in html
