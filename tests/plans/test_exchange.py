"""`dtbd import plans` exactly as the contract's `plans` file says, and the export round trip."""

import csv

import pytest
from django.core.management import call_command

from dtbd.exchange.services import export_file, import_file
from dtbd.plans.models import Plan, PlanVersion
from dtbd.plans.selectors import version_get

from .conftest import D

pytestmark = pytest.mark.django_db

HEADER = "plan_code,unit_code,period_start,period_end,program_category,target,measure,budget_vnd,decision_no,decision_date\n"
FILE = HEADER + (
    "KH-YS-2024,08.YS,2024-01-01,2024-12-31,state_management_principal,1600,,250000000,1576/QĐ-UBND,01/03/2024\n"
    "KH-YS-2024,08.YS,2024-01-01,2024-12-31,it,40,people,,1576/QĐ-UBND,01/03/2024\n"
    "KH-SD-2024,08.SD,01/01/2024,31/12/2024,foreign_language,12,,,,\n"
)


def write(tmp_path, text, name="plans.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path):
    return import_file(kind="plans", path=path, name=path.name, as_of=D(2024, 6, 1),
                       actor="dtbd import")  # fmt: skip


def test_import_creates_plans_grouped_by_code_and_twice_changes_nothing(tree, tmp_path):
    path = write(tmp_path, FILE)
    result = run(path)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    ys = version_get(plan=Plan.objects.get(code="KH-YS-2024"))
    assert (ys.status, ys.decision_no, ys.decision_date, ys.kind) == (
        "approved",
        "1576/QĐ-UBND",
        D(2024, 3, 1),
        "year",
    )
    targets = {t.program_category: (t.target, t.measure, t.budget_vnd) for t in ys.targets.all()}
    assert targets == {
        "state_management_principal": (1600, "person_times", 250_000_000),
        "it": (40, "people", None),
    }
    assert version_get(plan=Plan.objects.get(code="KH-SD-2024")).status == "draft"
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert PlanVersion.objects.count() == 2


def test_changed_row_of_an_approved_plan_makes_a_new_version(tree, tmp_path):
    run(write(tmp_path, FILE))
    changed = FILE.replace(",1600,", ",1700,").replace(
        "1576/QĐ-UBND,01/03/2024", "2001/QĐ-UBND,01/09/2024"
    )
    result = run(write(tmp_path, changed, "changed.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    plan = Plan.objects.get(code="KH-YS-2024")
    old, new = version_get(plan=plan, number=1), version_get(plan=plan, number=2)
    assert (old.status, new.status, new.decision_no) == ("revised", "approved", "2001/QĐ-UBND")
    assert old.targets.get(program_category="state_management_principal").target == 1600
    assert new.targets.get(program_category="state_management_principal").target == 1700


def test_bad_rows_reject_the_whole_file_with_file_row_column(tree, tmp_path, capsys):
    bad = HEADER + (
        "KH-A,08.YS,2024-01-01,2024-12-31,it,-3,,,,\n"
        "KH-A,08.YS,2024-01-01,2024-12-31,foreign_language,2.5,,,,\n"
        "KH-A,08.YS,2024-01-01,2024-12-31,it,5,,,,\n"
        "KH-B,08.YS,2024-12-31,2024-01-01,it,5,hours,,,\n"
        "KH-C,08.SD,2024-01-01,2024-12-31,it,5,,,,\n"
        "KH-C,08.YS,2024-01-01,2024-12-31,other,5,,,1/QĐ,\n"
        "KH-D,NOPE,2024-01-01,2024-12-31,cooking,5,,,,\n"
    )
    path = write(tmp_path, bad)
    # call_command, not run_from_argv: the latter closes the test's database connection.
    with pytest.raises(SystemExit):
        call_command("import", "plans", str(path))
    err = capsys.readouterr().err
    for line in (
        "plans.csv:2:target: target must be a positive whole number, not '-3'",
        "plans.csv:3:target: target must be a whole number, not '2.5'",
        "plans.csv:4:program_category: duplicate target it, level (all), person_times for plan "
        "'KH-A' (first on row 2)",
        "plans.csv:5:period_end: period_end (01/01/2024) is before period_start (31/12/2024)",
        "plans.csv:5:measure: unknown measure 'hours'",
        "plans.csv:7:unit_code: differs from the plan's first row (row 6)",
        "plans.csv:7:decision_date: a decision number needs its date",
        "plans.csv:8:program_category: unknown program_category 'cooking'",
        "rejected, nothing written",
    ):
        assert line in err, err
    assert not Plan.objects.exists()


def test_unknown_unit_and_approval_authority_are_errors_at_the_plan_row(tree, tmp_path):
    result = run(write(tmp_path, HEADER + "KH-D,NOPE,2024-01-01,2024-12-31,it,5,,,,\n"))
    assert [str(e) for e in result.errors] == ["plans.csv:2:unit_code: unknown unit 'NOPE'"]
    from .conftest import user_with

    manager = user_with("manager", tree.ys)
    path = write(tmp_path, HEADER + "KH-E,08.YS,2024-01-01,2024-12-31,it,5,,,9/QĐ,2024-02-01\n")
    result = import_file(kind="plans", path=path, name="plans.csv", as_of=D(2024, 6, 1),
                         actor=manager)  # fmt: skip
    assert not result.ok
    assert "only a manager or administrator of a unit above '08.YS'" in str(result.errors[0])
    assert not Plan.objects.exists()


def test_export_round_trip_changes_nothing(tree, tmp_path):
    run(write(tmp_path, FILE))
    out = tmp_path / "export.csv"
    count = export_file(actor="tests", kind="plans", on=D(2024, 6, 1), path=out)
    assert count == 3
    with open(out, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    ys = [r for r in rows if r["plan_code"] == "KH-YS-2024"]
    assert [(r["decision_no"], r["decision_date"], r["level"]) for r in ys] == [
        ("1576/QĐ-UBND", "2024-03-01", "")
    ] * 2
    result = run(out)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    call_command("export", "plans", str(tmp_path / "cli.xlsx"))


def test_round_trip_keeps_what_the_file_does_not_say(tree, tmp_path):
    """Classes at home and abroad, notes and budget lines are not in the file: a submitted plan
    that has them re-imports unchanged, and a changed target keeps them."""
    from dtbd.plans.rules import BudgetLine, TargetLine
    from dtbd.plans.services import plan_submit

    from .conftest import make_plan

    plan = make_plan(
        tree.ys,
        targets=(
            TargetLine("it", 40, classes_home=2, classes_abroad=1, note="lớp tại huyện"),
            TargetLine("other", 5, level="commune", budget_vnd=7_000_000),
        ),
        budgets=(BudgetLine("local_budget", 9_000_000),),
    )
    plan_submit(actor="tests", plan=plan)
    draft = make_plan(tree.sd, "KH-SD", targets=(TargetLine("it", 3, classes_home=4),))
    out = tmp_path / "export.csv"
    export_file(actor="tests", kind="plans", on=D(2024, 6, 1), path=out)
    result = run(out)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    text = out.read_text(encoding="utf-8-sig").splitlines()
    changed = [text[0]] + [line for line in text[1:] if line.startswith("KH-SD")]
    changed = [changed[0], changed[1].replace(",3,", ",6,")]
    result = run(write(tmp_path, "\n".join(changed) + "\n", "sd.csv"))
    assert (result.updated, result.unchanged) == (1, 0), result.errors
    line = version_get(plan=draft).targets.get()
    assert (line.target, line.classes_home) == (6, 4)
    assert version_get(plan=plan).budgets.get().amount_vnd == 9_000_000
