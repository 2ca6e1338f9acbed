import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from vietnam_provinces import ProvinceCode, Ward

from dtbd.accounts.models import Grant
from dtbd.accounts.policy import visible_unit_ids
from dtbd.audit.models import AuditEvent
from dtbd.organisation.models import Unit, UnitAncestry, UnitSuccession, UnitVersion
from dtbd.organisation.selectors import subtree_ids, unit_path
from dtbd.people.models import Person, Post, Qualification
from dtbd.people.selectors import holdings_on

D = dt.date
NOW = D(2026, 1, 1)
pytestmark = pytest.mark.django_db


def codes_under(code: str, on: dt.date) -> set[str]:
    ids = subtree_ids(Unit.objects.get(code=code), on)
    return set(Unit.objects.filter(pk__in=ids).values_list("code", flat=True))


def version(code: str, on: dt.date) -> UnitVersion:
    return UnitVersion.objects.get(unit__code=code, valid_from__lte=on, valid_to__gte=on)


def test_first_load_says_what_it_built(demo):
    """The first run reports the units, the people and the demo logins."""
    assert "Loaded the demo province Tuyên Quang" in demo
    assert f"{Person.objects.count()} people" in demo
    assert "admin" in demo and "dtbd-demo-2026" in demo


def test_the_province_is_real_tuyen_quang(demo):
    """Unit 08 is the province Tuyên Quang, a root with no end."""
    province = Unit.objects.get(code="08")
    assert province.valid_to == D(9999, 12, 31)
    now = version("08", NOW)
    assert (now.name, now.level, now.kind, now.parent) == (
        "Tỉnh Tuyên Quang",
        "province",
        "area",
        None,
    )


def test_communes_are_the_packages_real_codes_and_names(demo):
    """Since 1 July 2025 the province's communes are exactly the package's, as areas."""
    expected = {f"{w.code:05d}": w.name for w in Ward.iter_by_province(ProvinceCode.P_08)}
    assert len(expected) == 124
    communes = UnitVersion.objects.filter(
        level="commune", kind="area", valid_from__lte=NOW, valid_to__gte=NOW
    ).select_related("unit", "parent")
    assert {v.unit.code: v.name for v in communes} == expected
    assert {v.parent.code for v in communes} == {"08"}
    assert {v.unit.valid_from for v in communes} == {D(2025, 7, 1)}
    assert not UnitVersion.objects.filter(level="commune", valid_from__lt=D(2025, 7, 1)).exists()


def test_each_commune_has_its_party_committee_peoples_committee_and_front(demo):
    """Agency codes derive from the commune's code: 02269.DU, 02269.UBND, 02269.MTTQ."""
    children = {
        (v.unit.code, v.kind)
        for v in UnitVersion.objects.filter(
            parent__code="02269", valid_from__lte=NOW, valid_to__gte=NOW
        ).select_related("unit")
    }
    assert children == {
        ("02269.DU", "party"),
        ("02269.UBND", "state"),
        ("02269.MTTQ", "front"),
    }
    assert version("02269.UBND", NOW).name == "Ủy ban nhân dân xã Thượng Lâm"


def test_about_four_thousand_people(demo):
    """The default demo holds about 4,000 people, all in post today."""
    count = Person.objects.count()
    assert 3500 <= count <= 4500
    assert holdings_on(NOW).count() == count


def test_second_run_changes_nothing_and_says_so(demo):
    """A second load_demo writes nothing and says the demo is already loaded."""

    def written():
        return [
            m.objects.count()
            for m in (Unit, UnitVersion, Person, Post, Qualification, AuditEvent, Grant)
        ] + [get_user_model().objects.count()]

    before = written()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue() and "nothing changed" in out.getvalue()
    assert written() == before


def test_district_070_is_in_the_2022_tree_and_gone_in_2026(demo):
    """The dated tree: Thành phố Tuyên Quang sat under the province until 30/06/2025."""
    assert "070" in codes_under("08", D(2022, 1, 1))
    assert "070.TTCT" in codes_under("08", D(2022, 1, 1))
    assert "070" not in codes_under("08", NOW)
    assert "02212" in codes_under("08", NOW)  # Phường Nông Tiến, a ward since 2025
    assert version("070", D(2022, 1, 1)).name == "Thành phố Tuyên Quang"
    assert Unit.objects.get(code="070").valid_to == D(2025, 6, 30)
    assert UnitAncestry.objects.filter(
        descendant__code="070.TTCT", depth=2
    ).get().ancestor.code == ("08")


def test_ha_giang_ceased_and_tuyen_quang_succeeded_it(demo):
    """Hà Giang (02) ends on 30/06/2025; its successor is Tuyên Quang from 01/07/2025."""
    assert version("02", D(2022, 1, 1)).name == "Tỉnh Hà Giang"
    assert Unit.objects.get(code="02").valid_to == D(2025, 6, 30)
    succession = UnitSuccession.objects.get(predecessor__code="02")
    assert (succession.successor.code, succession.effective_on) == ("08", D(2025, 7, 1))
    assert UnitSuccession.objects.filter(predecessor__code="070", successor__code="02212").exists()
    assert "030" in codes_under("02", D(2022, 1, 1))  # Huyện Vị Xuyên


def test_a_department_has_two_names_over_time(demo):
    """Sở Nông nghiệp và Phát triển nông thôn was renamed on 01/03/2025."""
    names = list(
        Unit.objects.get(code="08.SNN")
        .versions.order_by("valid_from")
        .values_list("name", "valid_to")
    )
    assert names == [
        ("Sở Nông nghiệp và Phát triển nông thôn", D(2025, 2, 28)),
        ("Sở Nông nghiệp và Môi trường", D(9999, 12, 31)),
    ]
    assert UnitSuccession.objects.filter(
        predecessor__code="08.STNMT", successor__code="08.SNN"
    ).exists()


def test_a_hospital_outlives_the_merger_under_a_new_parent(demo):
    """Hà Giang's hospital moved under Tuyên Quang's Sở Y tế on 01/07/2025."""
    path_2022 = [
        v.unit.code for v in unit_path(unit=Unit.objects.get(code="02.BVDK"), on=D(2022, 1, 1))
    ]
    path_now = [v.unit.code for v in unit_path(unit=Unit.objects.get(code="02.BVDK"), on=NOW)]
    assert path_2022 == ["02", "02.UBND", "02.SYT", "02.BVDK"]
    assert path_now == ["08", "08.UBND", "08.SYT", "02.BVDK"]


def test_a_district_officer_moved_to_a_commune_in_2025_has_two_posts(demo):
    """Staff of a ceased district agency hold one post until 30/06/2025 and the next from
    01/07/2025 at a commune; nobody is left at a unit that no longer exists."""
    post = Post.objects.filter(unit__code="075.PNV").order_by("person__code").first()
    posts = list(post.person.posts.order_by("valid_from"))
    assert len(posts) >= 2
    first, second = posts[0], posts[1]
    assert (first.unit.code, first.valid_from, first.valid_to) == (
        "075.PNV",
        D(2020, 1, 1),
        D(2025, 6, 30),
    )
    assert second.valid_from == D(2025, 7, 1)
    assert version(second.unit.code, D(2025, 7, 1)).level == "commune"
    assert second.unit.code.endswith(".UBND")
    stranded = [h for h in holdings_on(NOW) if h.unit_level is None]
    assert stranded == []


def test_every_staffed_unit_has_one_head_and_one_to_three_deputies(demo):
    """Leadership posts on 01/01/2026: one head, 1–3 deputies wherever there is a deputy."""
    roles: dict[str, Counter] = {}
    for post in holdings_on(NOW).select_related(None).values("unit__code", "leadership"):
        roles.setdefault(post["unit__code"], Counter())[post["leadership"]] += 1
    assert len(roles) > 400
    for code, counts in roles.items():
        assert counts["head"] == 1, code
        total = sum(counts.values())
        assert counts["deputy"] <= 3, code
        if total > 1:
            assert counts["deputy"] >= 1, code


def test_ranks_match_posts(demo):
    """Public employees hold no civil-service rank; provincial heads are principal or senior."""
    rows = holdings_on(NOW).values_list("category", "leadership", "rank_code", "unit_level")
    for category, leadership, rank, level in rows:
        if category == "public_employee":
            assert rank == ""
        else:
            assert rank in {"01.001", "01.002", "01.003", "01.004", "01.005"}
        if category != "public_employee" and leadership == "head" and level == "province":
            assert rank in {"01.001", "01.002"}


def postgraduate_share(level: str, on: dt.date) -> float:
    rows = [h.professional for h in holdings_on(on) if h.unit_level == level]
    return sum(p in ("master", "doctorate") for p in rows) / len(rows)


def test_qualification_mix_is_plausible(demo):
    """Postgraduates are 5–35% at province level and fewer at commune level; provincial
    leaders mostly hold advanced political theory; commune heads hold defence group 3 or 4;
    all six dimensions are recorded."""
    province = postgraduate_share("province", NOW)
    commune = postgraduate_share("commune", NOW)
    assert 0.05 <= province <= 0.35
    assert commune < province
    leaders = [
        h.political_theory
        for h in holdings_on(NOW)
        if h.unit_level == "province" and h.leadership == "head" and h.category != "public_employee"
    ]
    assert sum(p == "advanced" for p in leaders) / len(leaders) >= 0.9
    held = set(Qualification.objects.values_list("dimension", flat=True).distinct())
    assert held == {
        "professional",
        "political_theory",
        "state_management",
        "defense_security",
        "foreign_language",
        "it",
    }
    groups = Counter(
        h.defense_security
        for h in holdings_on(NOW)
        if h.unit_level == "commune" and h.leadership == "head"
    )
    assert (groups["group_3"] + groups["group_4"]) / sum(groups.values()) >= 0.8


def test_qualifications_were_raised_in_2026(demo):
    """The 2026 file raised some qualifications: they have a later period than 2020's."""
    raised = Qualification.objects.filter(valid_from=D(2026, 1, 1))
    assert raised.count() > 100
    sample = raised.filter(dimension="political_theory").first()
    earlier = Qualification.objects.get(
        person=sample.person, dimension="political_theory", valid_to=D(2025, 12, 31)
    )
    order = ["none", "basic", "intermediate", "advanced"]
    assert order.index(sample.level) > order.index(earlier.level)


def test_people_are_plausible(demo):
    """Ages 23–60, both genders, ethnic minorities, and the names search shows off."""
    ages = [
        NOW.year - b.year - ((NOW.month, NOW.day) < (b.month, b.day))
        for b in Person.objects.values_list("birth_date", flat=True)
    ]
    assert min(ages) >= 23 and max(ages) <= 60
    genders = Counter(Person.objects.values_list("gender", flat=True))
    assert 0.3 < genders["female"] / sum(genders.values()) < 0.6
    ethnicities = Counter(Person.objects.values_list("ethnicity", flat=True))
    assert {"Kinh", "Tày", "Dao", "H'Mông", "Nùng", "Sán Chay"} <= set(ethnicities)
    assert ethnicities["Kinh"] / sum(ethnicities.values()) < 0.7
    assert Person.objects.filter(search_name="nguyen van cu", full_name="Nguyễn Văn Cừ").exists()
    assert Person.objects.filter(full_name__startswith="Đặng").count() >= 5
    assert Person.objects.filter(full_name__endswith=" Đức").exists()


def test_history_went_through_the_import_path(demo):
    """Three units files and four people files were imported with their as-of dates."""
    imports = AuditEvent.objects.filter(event__startswith="import.").values_list(
        "event", "data__as_of"
    )
    assert sorted(imports) == [
        ("import.people", "2020-01-01"),
        ("import.people", "2025-03-01"),
        ("import.people", "2025-07-01"),
        ("import.people", "2026-01-01"),
        ("import.units", "2020-01-01"),
        ("import.units", "2025-03-01"),
        ("import.units", "2025-07-01"),
    ]


def test_the_demo_users_can_log_in(demo, client):
    """admin is a superuser; canbo.snv manages Sở Nội vụ only."""
    assert client.login(username="admin", password="dtbd-demo-2026")
    assert get_user_model().objects.get(username="admin").is_superuser
    client.logout()
    assert client.login(username="canbo.snv", password="dtbd-demo-2026")
    manager = get_user_model().objects.get(username="canbo.snv")
    assert not manager.is_superuser
    assert list(manager.grants.values_list("role", "unit__code")) == [("manager", "08.SNV")]
    created = AuditEvent.objects.filter(event="user.created").values_list("subject_key", flat=True)
    assert set(created) == {"admin", "canbo.snv"}
    visible = set(
        Unit.objects.filter(pk__in=visible_unit_ids(manager, NOW)).values_list("code", flat=True)
    )
    assert visible == {"08.SNV"}
