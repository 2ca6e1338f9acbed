"""Pages and API of the hours-behind list, survey opening and closing, editing equivalences,
the hours rule and competency frameworks, and individuals' wishes: who may act, and what a
bad input is told."""

import datetime as dt
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from dtbd.audit.models import AuditEvent
from dtbd.standards import hours
from dtbd.standards.models import (
    Campaign,
    Equivalence,
    Framework,
    HoursRule,
    Interest,
    PositionCompetency,
)
from dtbd.standards.services import campaign_open, hours_rule_set

from .conftest import ACTOR
from .test_api_scope import _client, _user

pytestmark = pytest.mark.django_db
D = dt.date
ON = "2024-06-01"


@pytest.fixture
def province_manager(world):
    return _user("manager", world.root)


@pytest.fixture
def snv_manager(world):
    return _user("manager", world.snv)


def _post_json(client, path, body):
    return client.post("/api/v1/standards" + path, data=json.dumps(body),
                       content_type="application/json")  # fmt: skip


# --- hours behind ---------------------------------------------------------------------------


@pytest.fixture
def periods(world):
    """40 periods a year from 2017; in 2024 ha did 48, binh 16, cuc 40, everyone else 0."""
    hours_rule_set(actor=ACTOR, periods=40, valid_from=D(2017, 9, 1), document="101/2017/NĐ-CP")
    done = {world.people["ha"].pk: 48.0, world.people["binh"].pk: 16.0,
            world.people["cuc"].pk: 40.0}  # fmt: skip

    def provider(person_ids, start, end):
        return {p: n for p, n in done.items() if p in person_ids and start.year == 2024}

    hours.register_provider(provider)
    yield done
    hours.unregister_provider(provider)


def test_hours_page_lists_people_behind_with_drill_down(world, periods, province_manager):
    """Province: 7 people, behind = all but ha and cuc = 5; per unit (in name order) SGD 2/1
    (dung), SNV 2/1 (binh), X1 3/3. Binh misses 40 - 16 = 24 periods."""
    page = _client(province_manager).get(f"/standards/hours/?year=2024&on={ON}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="fig-people">7<' in html and 'id="fig-behind">5<' in html
    assert "Trần Văn Bình" in html and "Nguyễn Thu Hà" not in html and "Lê Thị Cúc" not in html
    report = page.context["report"]
    assert [(c.unit_code, c.people, c.behind) for c in report.children] == [
        ("08.SGD", 2, 1), ("08.SNV", 2, 1), ("X1", 3, 3)]  # fmt: skip
    binh = next(r for r in report.behind if r["person_code"] == "binh")
    assert (binh["done"], binh["required"], binh["missing"]) == (16.0, 40, 24.0)
    down = _client(province_manager).get(f"/standards/hours/?unit=08.SNV&year=2024&on={ON}")
    assert [r["person_code"] for r in down.context["report"].behind] == ["binh"]


def test_hours_export_is_the_same_list(world, periods, province_manager):
    response = _client(province_manager).get(f"/standards/hours/export/?year=2024&on={ON}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2024.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    units, people = wb.worksheets
    assert [row[2:] for row in units.iter_rows(min_row=2, values_only=True)] == [
        (2, 1), (2, 1), (3, 3)]  # fmt: skip
    rows = {r[0]: r[3:] for r in people.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"binh", "dung", "em", "gia", "khoa"}
    assert rows["binh"] == (16, 40, 24)


def test_hours_scope_a_unit_manager_sees_only_their_unit(world, periods, snv_manager):
    client = _client(snv_manager)
    mine = client.get(f"/standards/hours/?year=2024&on={ON}")
    assert [r["person_code"] for r in mine.context["report"].behind] == ["binh"]
    assert client.get(f"/standards/hours/?unit=08.SGD&year=2024&on={ON}").status_code == 404
    assert client.get(f"/standards/hours/export/?unit=08.SGD&on={ON}").status_code == 404
    api = client.get(f"/api/v1/standards/hours?unit=08.SGD&year=2024&as_of={ON}")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    own = client.get(f"/api/v1/standards/hours?year=2024&as_of={ON}").json()
    assert (own["unit_code"], own["people"], own["behind"], own["required"]) == ("08.SNV", 2, 1, 40)
    assert own["results"][0]["person_code"] == "binh" and own["results"][0]["missing"] == 24


def test_hours_api_counts_and_bad_input(world, periods, province_manager):
    client = _client(province_manager)
    body = client.get(f"/api/v1/standards/hours?unit=08&year=2024&as_of={ON}&page_size=2").json()
    assert (body["people"], body["behind"], body["count"], len(body["results"])) == (7, 5, 5, 2)
    assert {u["unit_code"]: u["behind"] for u in body["units"]} == {
        "08.SNV": 1,
        "08.SGD": 1,
        "X1": 3,
    }
    assert client.get("/api/v1/standards/hours?year=1800").status_code == 422
    assert Client().get("/api/v1/standards/hours").status_code == 401
    none = client.get(f"/api/v1/standards/hours?unit=08&year=2010&as_of={ON}").json()
    assert (none["required"], none["behind"]) == (None, 0)  # no rule before 2017


# --- opening and closing a survey ------------------------------------------------------------


def test_province_opens_and_closes_a_survey_on_pages(world, province_manager, snv_manager):
    data = {"unit_code": "08", "year": 2025, "title": "", "opens_on": "2025-01-01",
            "closes_on": "2025-03-31"}  # fmt: skip
    assert _client(snv_manager).post("/standards/surveys/open/", data).status_code == 403
    opened = _client(province_manager).post("/standards/surveys/open/", data)
    campaign = Campaign.objects.get(year=2025)
    assert opened.status_code == 302 and opened["Location"] == f"/standards/surveys/{campaign.pk}/"
    assert campaign.title == "Khảo sát nhu cầu ĐTBD năm 2025"
    again = _client(province_manager).post("/standards/surveys/open/", data)
    assert again.status_code == 422
    assert "a needs survey for 2025 is already open for 08" in again.content.decode()
    backwards = _client(province_manager).post(
        "/standards/surveys/open/", {**data, "year": 2026, "closes_on": "2024-12-31"})  # fmt: skip
    assert (
        "the period ends (31/12/2024) before it starts (01/01/2025)" in backwards.content.decode()
    )
    assert Campaign.objects.count() == 1
    close = f"/standards/surveys/{campaign.pk}/close/"
    assert _client(snv_manager).post(close).status_code == 403
    assert _client(province_manager).post(close).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert AuditEvent.objects.filter(event="survey.closed", subject_key=str(campaign.pk)).exists()


def test_survey_open_and_close_through_the_api(world, province_manager, snv_manager):
    body = {"unit_code": "08", "year": 2025, "opens_on": "2025-01-01", "closes_on": "2025-03-31"}
    denied = _post_json(_client(snv_manager), "/surveys", body)
    assert denied.status_code == 403
    created = _post_json(_client(province_manager), "/surveys", body)
    assert created.status_code == 201 and created.json()["status"] == "open"
    sid = created.json()["id"]
    dup = _post_json(_client(province_manager), "/surveys", body)
    assert dup.status_code == 422 and dup.json()["field"] == "year"
    unknown = _post_json(_client(province_manager), "/surveys", {**body, "unit_code": "ZZ"})
    assert unknown.status_code == 404
    assert _post_json(_client(snv_manager), f"/surveys/{sid}/close", {}).status_code == 403
    closed = _post_json(_client(province_manager), f"/surveys/{sid}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert _post_json(_client(province_manager), f"/surveys/{sid}/close", {}).status_code == 409


# --- rules edited on pages ------------------------------------------------------------------


def test_equivalences_page_adds_and_refuses_a_cycle(world, province_manager, snv_manager):
    form = {"held": "political_theory:advanced", "counts_as": "state_management:principal_specialist",
            "document": "HD 02/2023"}  # fmt: skip
    assert _client(snv_manager).post("/standards/equivalences/", form).status_code == 403
    saved = _client(province_manager).post("/standards/equivalences/", form)
    assert saved.status_code == 302 and Equivalence.objects.count() == 1
    cycle = _client(province_manager).post("/standards/equivalences/", {
        "held": "state_management:principal_specialist", "counts_as": "political_theory:advanced",
        "document": "x"})  # fmt: skip
    assert cycle.status_code == 200 and "the equivalence makes a cycle" in cycle.content.decode()
    assert Equivalence.objects.count() == 1
    assert "HD 02/2023" in _client(snv_manager).get("/standards/equivalences/").content.decode()


def test_hours_rule_page_sets_a_rule_from_a_date(world, province_manager, snv_manager):
    form = {"periods": 40, "valid_from": "2017-09-01", "document": "101/2017/NĐ-CP"}
    assert _client(snv_manager).post("/standards/hours-rules/", form).status_code == 403
    assert _client(province_manager).post("/standards/hours-rules/", form).status_code == 302
    later = {"periods": 60, "valid_from": "2025-01-01", "document": "Nghị định mới"}
    assert _client(province_manager).post("/standards/hours-rules/", later).status_code == 302
    rules = list(HoursRule.objects.order_by("valid_from").values_list("periods", "valid_to"))
    assert rules == [(40, D(2024, 12, 31)), (60, D(9999, 12, 31))]
    earlier = _client(province_manager).post(
        "/standards/hours-rules/", {**form, "valid_from": "2020-01-01"}
    )
    assert "a later rule already starts on or after 01/01/2020" in earlier.content.decode()
    negative = _client(province_manager).post("/standards/hours-rules/", {**form, "periods": -1})
    assert negative.status_code == 200 and HoursRule.objects.count() == 2


def test_hours_rules_api(world, province_manager, snv_manager):
    body = {"periods": 40, "valid_from": "2017-09-01", "document": "101/2017/NĐ-CP"}
    assert _post_json(_client(snv_manager), "/hours-rules", body).status_code == 403
    assert _post_json(_client(province_manager), "/hours-rules", body).status_code == 201
    bad = _post_json(
        _client(province_manager), "/hours-rules", {**body, "valid_from": "2016-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["field"] == "valid_from"
    listed = _client(snv_manager).get("/api/v1/standards/hours-rules").json()
    assert listed == [{"periods": 40, "valid_from": "2017-09-01", "valid_to": None,
                       "document": "101/2017/NĐ-CP"}]  # fmt: skip


def test_frameworks_edited_on_pages(world, province_manager, snv_manager):
    client = _client(province_manager)
    new = {"code": "KNL-CC", "name": "Khung năng lực công chức"}
    assert _client(snv_manager).post("/standards/frameworks/", new).status_code == 403
    assert client.post("/standards/frameworks/", new)["Location"] == "/standards/frameworks/KNL-CC/"
    url = "/standards/frameworks/KNL-CC/"
    bad_line = client.post(url, {"form": "edition", "valid_from": "2024-01-01",
                                 "levels": "Cơ bản\nThành thạo", "competencies": "NL01 Soạn thảo"})  # fmt: skip
    assert "dòng 1: ghi năng lực theo dạng &#x27;mã | tên&#x27;" in bad_line.content.decode()
    one_level = client.post(url, {"form": "edition", "valid_from": "2024-01-01", "levels": "Một",
                                  "competencies": "NL01 | Soạn thảo văn bản"})  # fmt: skip
    assert "a proficiency scale needs at least two levels" in one_level.content.decode()
    ok = client.post(url, {"form": "edition", "valid_from": "2024-01-01", "document": "QĐ 9",
                           "levels": "Cơ bản\nThành thạo\nChuyên gia",
                           "competencies": "NL01 | Soạn thảo văn bản\nNL02 | Tổng hợp"})  # fmt: skip
    assert ok.status_code == 302
    framework = Framework.objects.get(code="KNL-CC")
    edition = framework.versions.get()
    assert [lv.name for lv in edition.levels.all()] == ["Cơ bản", "Thành thạo", "Chuyên gia"]
    nl01 = edition.competencies.get(code="NL01")
    too_high = client.post(url, {"form": "level", "competency": nl01.pk, "position_code": "CV-TH",
                                 "required_rank": 4})  # fmt: skip
    assert "level 4 is not on the scale" in too_high.content.decode()
    saved = client.post(url, {"form": "level", "competency": nl01.pk, "position_code": "CV-TH",
                              "required_rank": 2})  # fmt: skip
    assert saved.status_code == 302
    assert PositionCompetency.objects.get().required_rank == 2
    second = client.post(url, {"form": "edition", "valid_from": "2026-01-01", "levels": "A\nB",
                               "competencies": "NL09 | Chuyển đổi số"})  # fmt: skip
    assert second.status_code == 302
    assert list(framework.versions.values_list("number", "valid_to")) == [
        (1, D(2025, 12, 31)), (2, D(9999, 12, 31))]  # fmt: skip
    assert _client(snv_manager).post(url, {"form": "level", "competency": nl01.pk,
                                           "position_code": "X", "required_rank": 1}).status_code == 403  # fmt: skip
    assert "Soạn thảo văn bản" in _client(snv_manager).get(url).content.decode()


# --- individuals' wishes through the API ----------------------------------------------------


def test_interests_api_own_and_managed_people(world, snv_manager):
    campaign = campaign_open(actor=ACTOR, unit=world.root, year=2025, title="",
                             opens_on=D(2025, 1, 1), closes_on=D(2025, 3, 31))  # fmt: skip
    path = f"/surveys/{campaign.pk}/interests"
    binh = _user("self", person=world.people["binh"])
    mine = _post_json(_client(binh), path, {"program_category": "political_theory_intermediate",
                                            "reason": "Chuẩn ngạch"})  # fmt: skip
    assert mine.status_code == 201 and mine.json()["person_code"] == "binh"
    other = _post_json(_client(binh), path, {"person_code": "ha", "program_category": "it"})
    assert other.status_code == 404
    managed = _post_json(
        _client(snv_manager), path, {"person_code": "ha", "program_category": "it"}
    )
    assert managed.status_code == 201
    elsewhere = _post_json(_client(snv_manager), path, {"person_code": "cuc",
                                                        "program_category": "it"})  # fmt: skip
    assert elsewhere.status_code == 404
    nobody = _post_json(_client(snv_manager), path, {"program_category": "it"})
    assert nobody.status_code == 422 and nobody.json()["field"] == "person_code"
    unknown = _post_json(_client(binh), path, {"program_category": "cooking"})
    assert unknown.status_code == 422
    assert [i["person_code"] for i in _client(binh).get("/api/v1/standards" + path).json()] == [
        "binh"
    ]
    listed = _client(snv_manager).get("/api/v1/standards" + path).json()
    assert {(i["person_code"], i["program_category"]) for i in listed} == {
        ("binh", "political_theory_intermediate"), ("ha", "it")}  # fmt: skip
    campaign.status = "closed"
    campaign.save()
    late = _post_json(_client(binh), path, {"program_category": "it"})
    assert late.status_code == 422 and "is closed" in late.json()["message"]
    assert Interest.objects.count() == 2


# --- evidence of competencies --------------------------------------------------------------


@pytest.fixture
def framework(world):
    from dtbd.standards.services import framework_create, framework_version_add

    fw = framework_create(actor=ACTOR, code="KNL-CC", name="Khung năng lực công chức")
    framework_version_add(actor=ACTOR, framework=fw, valid_from=D(2024, 1, 1),
                          levels=["Cơ bản", "Thành thạo", "Chuyên gia"],
                          competencies=[("NL01", "Soạn thảo văn bản")])  # fmt: skip
    return fw


def test_evidence_api_by_source_and_scope(world, framework, snv_manager):
    from dtbd.standards.models import Evidence

    path = "/people/binh/evidence"
    body = {"framework": "KNL-CC", "competency": "NL01", "rank": 2, "source": "self",
            "observed_on": "2024-05-01"}  # fmt: skip
    binh = _user("self", person=world.people["binh"])
    own = _post_json(_client(binh), path, body)
    assert own.status_code == 201 and own.json()["edition"] == 1
    as_manager = _post_json(_client(binh), path, {**body, "source": "manager"})
    assert as_manager.status_code == 422
    assert "source 'manager' is not one you may record (self)" in as_manager.json()["message"]
    managed = _post_json(_client(snv_manager), path, {**body, "source": "manager", "rank": 3,
                                                      "observed_on": "2024-06-01"})  # fmt: skip
    assert managed.status_code == 201
    assert managed.json()["recorded_by"] == snv_manager.get_username()
    assert _post_json(_client(snv_manager), "/people/cuc/evidence", body).status_code == 404
    viewer = _user("viewer", world.snv)
    assert _post_json(_client(viewer), path, body).status_code == 403
    before = _post_json(_client(snv_manager), path, {**body, "source": "manager",
                                                     "observed_on": "2023-12-31"})  # fmt: skip
    assert before.status_code == 422
    assert "has no competency 'NL01' in its edition of 31/12/2023" in before.json()["message"]
    unknown = _post_json(_client(binh), path, {**body, "framework": "KNL-X"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "framework"
    off_scale = _post_json(_client(binh), path, {**body, "rank": 4})
    assert off_scale.status_code == 422 and "not on the scale" in off_scale.json()["message"]
    listed = _client(viewer).get("/api/v1/standards" + path).json()
    assert [(e["source"], e["rank"]) for e in listed] == [("manager", 3), ("self", 2)]
    assert Evidence.objects.count() == 2


def test_evidence_recorded_on_the_person_page(world, framework, snv_manager):
    from dtbd.standards.models import Competency, Evidence

    nl01 = Competency.objects.get(code="NL01")
    url = "/standards/people/binh/"
    form = {"competency": nl01.pk, "rank": 2, "source": "manager", "observed_on": "2024-05-01"}
    viewer = _user("viewer", world.snv)
    assert _client(viewer).post(url, form).status_code == 403
    assert 'id="evidence-form"' not in _client(viewer).get(url).content.decode()
    assert _client(snv_manager).post(url, form).status_code == 302
    bad = _client(snv_manager).post(url, {**form, "rank": 7})
    assert bad.status_code == 200 and "level 7 is not on the scale" in bad.content.decode()
    assert _client(_user("manager", world.sgd)).post(url, form).status_code == 404
    assert list(Evidence.objects.values_list("rank", "source")) == [(2, "manager")]
    assert "Soạn thảo văn bản" in _client(viewer).get(url).content.decode()


def test_long_lists_are_read_in_chunks_and_stay_in_name_order(world, periods, province_manager,
                                                              monkeypatch):  # fmt: skip
    """A province's 100,000 people are fetched a few thousand ids at a time (SQLite refuses
    more variables); with chunks of 2 the lists still come in Vietnamese name order (by given
    name: An, Bình, Dũng, Em, Gia, Khoa), not in the order of the ids."""
    from dtbd.standards import selectors

    from .conftest import make_ranked

    # Added last (the highest id) but first by name.
    make_ranked(world.snv, code="an", full_name="Bùi Văn An", on=D(2020, 1, 1), rank_code="01.002")
    monkeypatch.setattr(selectors, "CHUNK", 2)
    client = _client(province_manager)
    body = client.get(f"/api/v1/standards/hours?unit=08&year=2024&as_of={ON}").json()
    assert [r["person_code"] for r in body["results"]] == [
        "an",
        "binh",
        "dung",
        "em",
        "gia",
        "khoa",
    ]
    gaps = client.get(f"/api/v1/standards/gaps/people?unit=08&as_of={ON}").json()
    assert [r["person_code"] for r in gaps["results"]] == ["an", "binh", "dung", "gia"]


def test_frameworks_api(world, province_manager, snv_manager):
    """Province roles create a framework, an edition and a required level; a unit manager is
    refused (403); bad input is a 422 naming the field; everyone signed in reads them."""
    boss, unit = _client(province_manager), _client(snv_manager)
    body = {"code": "KNL-CC", "name": "Khung năng lực công chức"}
    assert _post_json(unit, "/frameworks", body).status_code == 403
    assert _post_json(boss, "/frameworks", body).status_code == 201
    dup = _post_json(boss, "/frameworks", body)
    assert dup.status_code == 422 and "framework 'KNL-CC' already exists" in dup.json()["message"]
    edition = {"valid_from": "2024-01-01", "levels": ["Cơ bản", "Thành thạo"],
               "competencies": [{"code": "NL01", "name": "Soạn thảo văn bản"}]}  # fmt: skip
    assert _post_json(unit, "/frameworks/KNL-CC/editions", edition).status_code == 403
    assert _post_json(boss, "/frameworks/KNL-X/editions", edition).status_code == 404
    assert _post_json(boss, "/frameworks/KNL-CC/editions", edition).status_code == 201
    same_day = _post_json(boss, "/frameworks/KNL-CC/editions", edition)
    assert same_day.status_code == 422 and same_day.json()["field"] == "valid_from"
    level = {"competency": "NL01", "position_code": "CV-TH", "required_rank": 2}
    assert _post_json(unit, "/frameworks/KNL-CC/required-levels", level).status_code == 403
    off = _post_json(boss, "/frameworks/KNL-CC/required-levels", {**level, "required_rank": 3})
    assert off.status_code == 422 and off.json()["field"] == "required_rank"
    missing = _post_json(boss, "/frameworks/KNL-CC/required-levels", {**level, "competency": "X"})
    assert missing.status_code == 422 and missing.json()["field"] == "competency"
    assert _post_json(boss, "/frameworks/KNL-CC/required-levels", level).status_code == 201
    listed = unit.get("/api/v1/standards/frameworks").json()
    assert listed == [{"code": "KNL-CC", "name": "Khung năng lực công chức", "editions": [
        {"number": 1, "valid_from": "2024-01-01", "valid_to": None, "document": "",
         "levels": ["Cơ bản", "Thành thạo"],
         "competencies": [{"code": "NL01", "name": "Soạn thảo văn bản",
                           "required": {"CV-TH": 2}}]}]}]  # fmt: skip


def test_hours_behind_report_on_the_command_line_and_api(world, periods, snv_manager, capsys):
    """`dtbd report training-hours-behind` gives the same list as the page; a unit manager
    asking for another unit gets 404 from the API."""
    from django.core.management import call_command

    call_command("report", "training-hours-behind", "--unit", "08", "--year", "2024",
                 "--as-of", ON)  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert (data["required"], data["people"]) == (40, 7)
    assert [(r["person_code"], r["missing"]) for r in data["rows"]] == [
        ("binh", 24.0), ("dung", 40.0), ("em", 40.0), ("gia", 40.0), ("khoa", 40.0)]  # fmt: skip
    api = _client(snv_manager).get("/api/v1/reports/training-hours-behind",
                                   {"unit": "08.SGD", "year": "2024", "as_of": ON})  # fmt: skip
    assert api.status_code == 404
    mine = _client(snv_manager).get("/api/v1/reports/training-hours-behind",
                                    {"unit": "08.SNV", "year": "2024", "as_of": ON})  # fmt: skip
    assert [r["person_code"] for r in mine.json()["rows"]] == ["binh"]
    bad = _client(snv_manager).get("/api/v1/reports/training-hours-behind", {"year": "20x4"})
    assert bad.status_code == 422


def test_report_pages_render_for_every_grouping(world, periods, province_manager):
    """The reports room's page and download work for both reports of this room (each row
    carries its `by` field, which the page labels its chart with)."""
    client = _client(province_manager)
    for url in ("/reports/standard-gaps/?unit=08", "/reports/standard-gaps/?unit=08&by=category",
                "/reports/standard-gaps/?unit=08&by=unit",
                "/reports/training-hours-behind/?unit=08&year=2024",
                "/reports/training-hours-behind/download/?unit=08&year=2024&format=xlsx"):  # fmt: skip
        assert client.get(url).status_code == 200, url
