"""Demo plans for the demo province (Tuyên Quang, code 08): its 2024 annual plan approved
and revised once, its 2021–2025 term plan, the 2024 plans of four districts beneath it
(so the roll-up has something to sum), this year's plan submitted for approval and a
department's draft. Targets are set near what the demo's classes achieved (when the training
demo has run) so fulfilment shows plans met, exceeded and missed. Seeded: the same every time.
"""

import datetime as dt
import random

from dtbd.core.dates import today
from dtbd.organisation.models import Unit, UnitVersion

from .fulfilment import completions, training_ready
from .models import Plan
from .rules import BudgetLine, PlanFacts, TargetLine
from .services import plan_approve, plan_create, plan_edit, plan_revise, plan_submit

D = dt.date
SEED = 20261122
# (category, level, measure, a base target when there are no completions to aim at)
LINES = [
    ("political_theory_intermediate", "", "person_times", 180),
    ("political_theory_advanced", "", "people", 40),
    ("state_management_specialist", "", "person_times", 320),
    ("state_management_principal", "", "person_times", 160),
    ("defense_security_3", "", "person_times", 120),
    ("knowledge_update", "", "person_times", 400),
    ("it", "commune", "person_times", 250),
    ("foreign_language", "", "people", 60),
]


def _targets(rng: random.Random, unit: Unit, start: dt.date, end: dt.date, scale: float):
    lines = []
    for category, level, measure, base in LINES:
        actual = 0
        if training_ready():
            qs = completions(unit_id=unit.pk, start=start, end=end, category=category, level=level)
            actual = qs.values("person_id").distinct().count() if measure == "people" else (
                qs.count())  # fmt: skip
        aim = actual / rng.uniform(0.8, 1.25) if actual else base * scale * rng.uniform(0.7, 1.3)
        target = max(round(aim), 1)
        lines.append(
            TargetLine(
                category,
                target,
                level,
                measure,
                classes_home=max(target // 60, 1),
                classes_abroad=1 if category == "foreign_language" else 0,
                budget_vnd=target * rng.choice((1_500_000, 2_000_000, 2_500_000)),
            )
        )
    return lines  # fmt: skip


def _budgets(targets: list[TargetLine]) -> list[BudgetLine]:
    total = sum(t.budget_vnd or 0 for t in targets)
    return [BudgetLine("local_budget", total * 7 // 10), BudgetLine("unit_funds", total * 2 // 10),
            BudgetLine("programme", total - total * 7 // 10 - total * 2 // 10)]  # fmt: skip


def _approved(actor, code, unit, facts, targets, decision, on) -> Plan:
    plan = plan_create(actor=actor, code=code, unit=unit, facts=facts, targets=targets,
                       budgets=_budgets(targets))  # fmt: skip
    plan_submit(actor=actor, plan=plan)
    return plan_approve(actor=actor, plan=plan, decision_no=decision, decision_date=on)


def load_demo(*, actor) -> str:
    from dtbd.demo.tree import PROVINCE

    rng = random.Random(SEED)
    root = Unit.objects.get(code=PROVINCE)
    year = today().year
    title = "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {}"
    y2024 = PlanFacts("year", D(2024, 1, 1), D(2024, 12, 31), title.format(2024))
    plan = _approved(actor, "KH-08-2024", root, y2024, _targets(rng, root, y2024.period_start,
                     y2024.period_end, 1.0), "1576/QĐ-UBND", D(2024, 1, 15))  # fmt: skip
    plan_revise(actor=actor, plan=plan, note="Điều chỉnh chỉ tiêu 6 tháng cuối năm")
    revised = [TargetLine(t.program_category, t.target + rng.randint(5, 40), t.level, t.measure,
                          t.classes_home, t.classes_abroad, t.budget_vnd)
               for t in _targets(rng, root, y2024.period_start, y2024.period_end, 1.0)]  # fmt: skip
    plan_edit(actor=actor, plan=plan, targets=revised)
    plan_submit(actor=actor, plan=plan)
    plan_approve(actor=actor, plan=plan, decision_no="2150/QĐ-UBND", decision_date=D(2024, 7, 10))

    term = PlanFacts(
        "term",
        D(2021, 1, 1),
        D(2025, 12, 31),
        "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2021–2025",
    )
    _approved(actor, "KH-08-2021-2025", root, term, _targets(rng, root, term.period_start,
              term.period_end, 4.5), "52/QĐ-UBND", D(2021, 1, 20))  # fmt: skip

    districts = list(
        UnitVersion.objects.filter(parent=root, level="district", valid_from__lte=D(2024, 1, 1),
                                   valid_to__gte=D(2024, 1, 1))
        .select_related("unit").order_by("unit__code")[:4]
    )  # fmt: skip
    for n, district in enumerate(districts):
        facts = PlanFacts("year", y2024.period_start, y2024.period_end,
                          f"{title.format(2024)} — {district.name}")  # fmt: skip
        targets = _targets(rng, district.unit, facts.period_start, facts.period_end, 0.2)
        code = f"KH-{district.unit.code}-2024"[:32]
        if n % 2 == 0:
            _approved(actor, code, district.unit, facts, targets, f"{310 + n}/QĐ-UBND",
                      D(2024, 2, 1 + n))  # fmt: skip
        else:
            plan_create(actor=actor, code=code, unit=district.unit, facts=facts, targets=targets)

    current = PlanFacts("year", D(year, 1, 1), D(year, 12, 31), title.format(year))
    plan = plan_create(actor=actor, code=f"KH-08-{year}", unit=root, facts=current,
                       targets=_targets(rng, root, current.period_start, current.period_end,
                                        1.0))  # fmt: skip
    plan_submit(actor=actor, plan=plan)
    department = (
        UnitVersion.objects.filter(parent=root, valid_from__lte=current.period_start,
                                   valid_to__gte=current.period_start, kind="state")
        .select_related("unit").order_by("unit__code").first()
    )  # fmt: skip
    if department is not None:
        facts = PlanFacts("year", current.period_start, current.period_end,
                          f"{title.format(year)} — {department.name}")  # fmt: skip
        plan_create(actor=actor, code=f"KH-{department.unit.code}-{year}"[:32],
                    unit=department.unit, facts=facts,
                    targets=_targets(rng, department.unit, current.period_start,
                                     current.period_end, 0.1))  # fmt: skip
    return f"{Plan.objects.count()} training plans (province, term, districts, drafts)"
