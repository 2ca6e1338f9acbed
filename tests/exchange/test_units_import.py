import pytest

from dtbd.audit.models import AuditEvent
from dtbd.organisation.models import Unit, UnitAncestry, UnitVersion

from .conftest import UNITS

pytestmark = pytest.mark.django_db


def written() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        UnitVersion.objects.count(),
        UnitAncestry.objects.count(),
        AuditEvent.objects.count(),
    )


def errors(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_a_good_file_creates_and_a_second_import_changes_nothing(units, write, run):
    assert units.summary() == "created 4, updated 0, unchanged 0"
    again = run("units", write("units.csv", UNITS))
    assert again.summary() == "created 0, updated 0, unchanged 4"


def test_a_changed_name_updates_with_history_from_the_as_of_date(units, write, run):
    import datetime as dt

    changed = UNITS.replace("Sở Nội vụ,", "Sở Nội vụ tỉnh Tuyên Quang,")
    result = run("units", write("units.csv", changed), as_of=dt.date(2026, 3, 1))
    assert result.summary() == "created 0, updated 1, unchanged 3"
    names = list(
        UnitVersion.objects.filter(unit__code="08.SNV")
        .order_by("valid_from")
        .values_list("name", "valid_to")
    )
    assert names == [
        ("Sở Nội vụ", dt.date(2026, 2, 28)),
        ("Sở Nội vụ tỉnh Tuyên Quang", dt.date(9999, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,name,level\nA,An,province\n", ["units.csv:1:parent_code: missing required column"]),
        (
            "code,name,level,parent_code,colour\nA,An,province,,red\n",
            ["units.csv:1:colour: unknown column (give --ignore-unknown to skip it)"],
        ),
        (
            "code,name,level,parent_code\nA,An,planet,\n",
            [
                "units.csv:2:level: unknown level 'planet' (expected one of central, province, "
                "district, commune)"
            ],
        ),
        (
            "code,name,level,parent_code,kind\nA,An,province,,shop\n",
            [
                "units.csv:2:kind: unknown kind 'shop' (expected one of party, state, front, "
                "public_service, training_institution, area)"
            ],
        ),
        (
            "code,name,level,parent_code\nA,An,province,\nB,Bê,district,ZZ\n",
            ["units.csv:3:parent_code: unknown parent 'ZZ'"],
        ),
        (
            "code,name,level,parent_code\nA,An,province,B\nB,Bê,province,A\n",
            ["units.csv:2:parent_code: parent cycle: A → B → A"],
        ),
        (
            "code,name,level,parent_code,valid_from\nA,An,province,,31/02/2020\n",
            ["units.csv:2:valid_from: '31/02/2020' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"],
        ),
        (
            "code,name,level,parent_code,valid_from,valid_to\nA,An,province,,2020-01-01,2019-12-31\n",
            ["units.csv:2:valid_to: valid_to is before valid_from"],
        ),
        (
            "code,name,level,parent_code\nA,An,province,\nA,Anh,province,\n",
            ["units.csv:3:code: duplicate code 'A' (first on row 2)"],
        ),
        (
            "code,name,level,parent_code\nA,,province,\n",
            ["units.csv:2:name: required value is missing"],
        ),
        (
            "code,name,level,parent_code\nA,An,commune,\nB,Bê,province,A\n",
            [
                "units.csv:3:level: a province-level unit cannot sit under the commune-level unit 'A'"
            ],
        ),
        ("", ["units.csv:1:file: the file is empty: the header row is missing"]),
    ],
    ids=[
        "missing-column",
        "unknown-column",
        "bad-level",
        "bad-kind",
        "unknown-parent",
        "cycle",
        "bad-date",
        "end-before-start",
        "duplicate-key",
        "missing-value",
        "level-order",
        "empty",
    ],
)
def test_a_broken_rule_rejects_the_whole_file_naming_row_and_column(
    units, write, run, text, expected
):
    before = written()
    result = run("units", write("units.csv", text))
    assert errors(result) == expected
    assert not result.ok and result.summary() == "created 0, updated 0, unchanged 0"
    assert written() == before


def test_a_cycle_through_existing_units_is_found(units, write, run):
    before = written()
    result = run(
        "units", write("units.csv", "code,name,level,parent_code\n08,Tỉnh,province,08.SNV\n")
    )
    assert errors(result) == ["units.csv:2:parent_code: parent cycle: 08 → 08.SNV → 08"]
    assert written() == before


def test_unknown_columns_can_be_ignored(db, write, run):
    result = run(
        "units",
        write("units.csv", "code,name,level,parent_code,note\nA,An,province,,x\n"),
        ignore_unknown=True,
    )
    assert result.ok and result.created == 1


def test_every_error_is_listed_not_just_the_first(db, write, run):
    text = "code,name,level,parent_code\nA,,planet,\nB,Bê,province,NOPE\n"
    assert errors(run("units", write("units.csv", text))) == [
        "units.csv:2:name: required value is missing",
        "units.csv:2:level: unknown level 'planet' (expected one of central, province, district, "
        "commune)",
        "units.csv:3:parent_code: unknown parent 'NOPE'",
    ]
